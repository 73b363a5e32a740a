package io.depthstream.streams.groundtruth;

/** A ground-truth record that cannot be used for scoring, with its dead-letter reason. */
public final class GroundTruthRejectedException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  public GroundTruthRejectedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public GroundTruthRejectedException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** One of {@link io.depthstream.streams.dlq.DeadLetterReason}. */
  public String reason() {
    return reason;
  }
}
