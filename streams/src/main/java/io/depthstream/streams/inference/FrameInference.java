package io.depthstream.streams.inference;

import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.depth.StripedDepthPng;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.DepthPredictor;
import io.depthstream.core.inference.DepthScale;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelInput;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.CameraKey;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.streams.dlq.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * One camera frame to one depth map, without Kafka: check freshness, decode the image within the
 * configured limits, run the model, encode the prediction as a 16-bit depth PNG. Throws {@link
 * StaleFrameException}, {@link io.depthstream.core.image.ImageRejectedException} or {@link
 * io.depthstream.core.inference.InferenceException}; the processor turns those into dead letters.
 */
public final class FrameInference {

  private final ImageDecoder decoder;
  private final EstimatorSource estimators;
  private final Optional<Double> scaleOverride;
  private final StripedDepthPng png;
  private final long maxAgeMs;
  private final Clock clock;
  private final int maxDepthPngBytes;

  /**
   * @param scaleOverride metres per PNG unit of the published maps when set
   *     (depthstream.depth.scale); else each map's model decides ({@link DepthScale#forBundle})
   * @param png the depth PNG encoder (depthstream.depth.png-stripes)
   * @param maxAge frames older than this (clock minus capture time) are not run
   * @param maxRecordBytes the largest record the service may write
   *     (depthstream.kafka.max-record-bytes); a depth map that would not fit is refused here
   */
  public FrameInference(
      ImageDecoder decoder,
      DepthPredictor estimator,
      Optional<Double> scaleOverride,
      StripedDepthPng png,
      Duration maxAge,
      Clock clock,
      int maxRecordBytes) {
    this(
        decoder,
        EstimatorSource.fixed(estimator),
        scaleOverride,
        png,
        maxAge,
        clock,
        maxRecordBytes);
  }

  /**
   * As above, with each frame's model taken from {@code estimators}: the model catalog's champion,
   * which a promotion or a hot reload swaps between two frames (issue 13).
   */
  public FrameInference(
      ImageDecoder decoder,
      EstimatorSource estimators,
      Optional<Double> scaleOverride,
      StripedDepthPng png,
      Duration maxAge,
      Clock clock,
      int maxRecordBytes) {
    scaleOverride.ifPresent(
        scale -> {
          if (!(scale > 0)) {
            throw new IllegalArgumentException(
                "depthstream.depth.scale must be positive metres per unit, got " + scale);
          }
        });
    this.decoder = decoder;
    this.estimators = estimators;
    this.scaleOverride = scaleOverride;
    this.png = png;
    this.maxAgeMs = maxAge.toMillis();
    this.clock = clock;
    this.maxDepthPngBytes = maxRecordBytes - RECORD_ROOM_BYTES;
  }

  /** The service's depth PNG encoder: level 1, cut into {@code stripes} on the shared helpers. */
  public static StripedDepthPng pngEncoder(int stripes) {
    return new StripedDepthPng(DepthPngCodec.DEFAULT_LEVEL, stripes, StripedDepthPng.helpers());
  }

  /** What a depth-map record holds besides its PNG: ids, times, model name, headers. */
  static final int RECORD_ROOM_BYTES = 4096;

  /**
   * The depth map of {@code frame}, stamped with model, provider and timings, with the prediction
   * at model resolution that the scorer reuses.
   */
  public EstimatedFrame estimate(CameraFrame frame) {
    String label = label(frame);
    long ageMs = clock.millis() - frame.getCaptureTime().toEpochMilli();
    if (ageMs > maxAgeMs) {
      throw new StaleFrameException(
          "frame "
              + label
              + " is "
              + ageMs
              + " ms old, the limit is "
              + maxAgeMs
              + " ms (depthstream.freshness.max-frame-age); the service is behind or the"
              + " vehicle's clock is off");
    }
    RgbImage rgb;
    DepthPrediction prediction;
    ModelBundle bundle;
    // Held from before the run until after it: a swapped-out session closes after this frame. With
    // batching on, predict returns once this frame's batch has run: the processor still returns
    // only after the frame's output exists, so exactly-once and per-key order are unchanged.
    try (EstimatorSource.Hold hold = estimators.hold()) {
      bundle = hold.estimator().bundle();
      // Decoded for the model that runs it: a JPEG at its input size where that shrinks the frame
      // (with depthstream.image.reduce-jpeg by area averaging from the file; otherwise by ImageIO
      // and, for whole factors such as 640x480 to 128x96, averaged down from ImageIO's raster
      // without a full-size RGB copy), else whole; the engine resizes what is not at its size.
      ModelInput input = bundle.input();
      rgb =
          decoder.decodeForModel(
              AvroBytes.toArray(frame.getData()),
              ImageFormat.valueOf(frame.getEncoding().name()),
              frame.getWidth(),
              frame.getHeight(),
              input.width(),
              input.height());
      prediction = hold.estimator().predict(rgb);
      hold.ran(prediction.timings().inferenceMsPerFrame());
    }
    double scale = DepthScale.forBundle(bundle, scaleOverride).metresPerUnit();
    byte[] png = this.png.encode(prediction.depth(), scale);
    if (png.length > maxDepthPngBytes) {
      throw new ImageRejectedException(
          DeadLetterReason.OUTPUT_TOO_LARGE,
          "frame "
              + label
              + ": its "
              + rgb.frameWidth()
              + "x"
              + rgb.frameHeight()
              + " depth map encodes to "
              + png.length
              + " bytes, more than depthstream.kafka.max-record-bytes allows; send smaller"
              + " frames or raise the limit");
    }
    DepthMap map =
        DepthMap.newBuilder()
            .setVehicleId(frame.getVehicleId())
            .setCameraId(frame.getCameraId())
            .setSequence(frame.getSequence())
            .setCaptureTime(frame.getCaptureTime())
            .setWidth(rgb.frameWidth())
            .setHeight(rgb.frameHeight())
            .setScale(scale)
            .setDepthPng(ByteBuffer.wrap(png))
            .setModelId(bundle.id())
            .setModelVersion(bundle.version())
            .setProvider(prediction.provider())
            .setInferenceMs(prediction.timings().inferenceMsPerFrame())
            .setEndToEndMs(clock.millis() - frame.getCaptureTime().toEpochMilli())
            .build();
    return new EstimatedFrame(map, prediction.modelResolution());
  }

  /** "vehicle/camera#sequence", how messages name a frame. */
  public static String label(CameraFrame frame) {
    return CameraKey.label(frame.getVehicleId(), frame.getCameraId(), frame.getSequence());
  }
}
