package io.depthstream.streams.models;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DynamicBatcher;
import io.depthstream.streams.config.DepthstreamConfig;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * How each served model batches concurrent frames ({@code depthstream.model.batch.*}): a {@link
 * DynamicBatcher} of up to the max size in front of its session. "auto" is 8 on CUDA, where a batch
 * of frames costs little more than one, and 1 (no batcher thread) on CPU, where batching has not
 * measured faster.
 *
 * @param maxSize the configured max size, empty for "auto"
 * @param maxWait how long a first frame waits for batch-mates
 */
public record ModelBatching(OptionalInt maxSize, Duration maxWait) {

  /** The max size "auto" resolves to on CUDA. */
  public static final int AUTO_CUDA_MAX_SIZE = 8;

  /** No batching, whatever the device: each frame its own session.run, as before issue 12. */
  public static final ModelBatching OFF = new ModelBatching(OptionalInt.of(1), Duration.ZERO);

  public ModelBatching {
    if (maxSize.isPresent() && maxSize.getAsInt() < 1) {
      throw new IllegalArgumentException(
          "depthstream.model.batch.max-size must be auto or at least 1, got " + maxSize.getAsInt());
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException(
          "depthstream.model.batch.max-wait must be zero or more, got " + maxWait);
    }
  }

  /** The settings as configured. */
  public static ModelBatching of(DepthstreamConfig.ModelSettings model) {
    return parse(model.batch().maxSize(), model.batch().maxWait());
  }

  /** {@code maxSize} is "auto" or a whole number of at least 1. */
  public static ModelBatching parse(String maxSize, Duration maxWait) {
    String size = maxSize.trim().toLowerCase(Locale.ROOT);
    if (size.equals("auto")) {
      return new ModelBatching(OptionalInt.empty(), maxWait);
    }
    try {
      return new ModelBatching(OptionalInt.of(Integer.parseInt(size)), maxWait);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "depthstream.model.batch.max-size must be auto or a whole number of at least 1, got '"
              + maxSize
              + "'");
    }
  }

  /** The max batch size for a session on {@code provider} ("CUDA" or "CPU"). */
  public int maxSizeOn(String provider) {
    if (maxSize.isPresent()) {
      return maxSize.getAsInt();
    }
    return "CUDA".equals(provider) ? AUTO_CUDA_MAX_SIZE : 1;
  }

  /** The batcher in front of {@code estimator}; with max size 1 it has no thread of its own. */
  public DynamicBatcher front(DepthEstimator estimator) {
    return new DynamicBatcher(estimator, maxSizeOn(estimator.provider()), maxWait);
  }

  /** "auto" or the number, as configured. */
  public String describeMaxSize() {
    return maxSize.isPresent() ? Integer.toString(maxSize.getAsInt()) : "auto";
  }
}
