package io.depthstream.core.image;

/**
 * Why an encoded picture was refused: a short machine-readable {@link #reason()} that the service
 * puts in its dead-letter headers and counters, and a message for people that names the limit or
 * the defect.
 */
public final class ImageRejectedException extends RuntimeException {

  /** Declared size or byte length above {@link ImageLimits}. */
  public static final String OVERSIZED = "oversized";

  /** Not a well-formed image of the claimed format: bad signature, truncated, undecodable. */
  public static final String CORRUPT = "corrupt";

  /** The bytes do not match the size the record claims (raw RGB8, depth vs calibration). */
  public static final String SIZE_MISMATCH = "size-mismatch";

  /** Well-formed but of a kind this path does not take, e.g. an 8-bit PNG where depth is due. */
  public static final String UNSUPPORTED = "unsupported";

  private static final long serialVersionUID = 1L;

  private final String reason;

  public ImageRejectedException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ImageRejectedException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** One of {@link #OVERSIZED}, {@link #CORRUPT}, {@link #SIZE_MISMATCH}, {@link #UNSUPPORTED}. */
  public String reason() {
    return reason;
  }
}
