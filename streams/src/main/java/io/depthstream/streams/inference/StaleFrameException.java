package io.depthstream.streams.inference;

/**
 * A frame that was older than the configured maximum age when it reached the model: running it
 * would only delay fresher frames, and its depth would describe a scene the vehicle has left.
 */
public final class StaleFrameException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public StaleFrameException(String message) {
    super(message);
  }
}
