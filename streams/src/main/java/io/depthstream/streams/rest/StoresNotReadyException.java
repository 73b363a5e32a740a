package io.depthstream.streams.rest;

/** The state stores cannot be queried yet (starting, rebalancing, restoring); answered with 503. */
public final class StoresNotReadyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StoresNotReadyException(String message) {
    super(message);
  }
}
