package io.depthstream.streams.models;

/** A model id the catalog does not hold (the API answers 404). */
public final class UnknownModelException extends RuntimeException {

  public UnknownModelException(String id, Iterable<String> known) {
    super("no model '" + id + "' is loaded; loaded models: " + String.join(", ", known));
  }
}
