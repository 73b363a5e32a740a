package io.depthstream.streams.dlq;

/**
 * The reasons a record lands in {@code depth.dlq}, as written to the {@code dlq.reason} header and
 * the {@code reason} tag of {@code depthstream.dlq}. Image defects reuse the core decoder's reasons
 * ({@code oversized}, {@code corrupt}, {@code size-mismatch}, {@code unsupported}).
 */
public final class DeadLetterReason {

  /** The value's schema fingerprint is none the service knows. */
  public static final String UNKNOWN_SCHEMA = "unknown-schema";

  /** The value ends before its record does (or inside the single-object header). */
  public static final String TRUNCATED = "truncated";

  /** The value is not Avro single-object encoded at all (wrong marker bytes). */
  public static final String NOT_AVRO = "not-avro";

  /** The header is fine but the body does not decode as its schema. */
  public static final String MALFORMED = "malformed-record";

  /** The record has no key, so it cannot be matched to its vehicle/camera. */
  public static final String MISSING_KEY = "missing-key";

  /** The frame was older than depthstream.freshness.max-frame-age when it reached the model. */
  public static final String STALE = "stale";

  /** ONNX Runtime failed on the frame. */
  public static final String INFERENCE_FAILED = "inference-failed";

  /** A point cloud arrived for a camera with no calibration on the calibration topic. */
  public static final String MISSING_CALIBRATION = "missing-calibration";

  /** The calibration stored for the camera does not decode or is not a valid calibration. */
  public static final String BAD_CALIBRATION = "bad-calibration";

  /** A point cloud with non-finite coordinates, a bad stride, or a byte length off the stride. */
  public static final String INVALID_POINTS = "invalid-points";

  /** A depth-image ground truth that is not a usable 16-bit depth PNG. */
  public static final String INVALID_GROUND_TRUTH = "invalid-ground-truth";

  /** Ground truth older than any frame still waiting for a match: it can never be used. */
  public static final String LATE_GROUND_TRUTH = "late-ground-truth";

  /** Scoring a depth map against its ground truth failed. */
  public static final String EVALUATION_FAILED = "evaluation-failed";

  /** Captured further ahead of the service clock than depthstream.clock.max-future-skew. */
  public static final String FUTURE_TIMESTAMP = "future-timestamp";

  /** Captured longer ago than depthstream.clock.max-age. */
  public static final String TOO_OLD = "too-old";

  /** The key names another vehicle/camera than the record's body. */
  public static final String KEY_MISMATCH = "key-mismatch";

  /** A new camera past depthstream.state.max-cameras for its partition. */
  public static final String TOO_MANY_KEYS = "too-many-keys";

  /** A depth map whose record would exceed depthstream.kafka.max-record-bytes. */
  public static final String OUTPUT_TOO_LARGE = "output-too-large";

  /** Any other failure; the message says what happened. */
  public static final String PROCESSING_FAILED = "processing-failed";

  private DeadLetterReason() {}
}
