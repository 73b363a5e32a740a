package io.depthstream.streams.rest;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.streams.groundtruth.TruthDepth;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * The LiDAR ground truth a frame is scored against, from the matching's window store (projected
 * into the camera, kept until every frame it could match is decided), as a colour picture on the
 * same scale as the depth maps, so a visitor can compare prediction and truth.
 */
final class GroundTruthPictures {

  private GroundTruthPictures() {}

  /**
   * The projected scan of camera {@code key} nearest to {@code atMillis} within ±{@code window}.
   */
  static Optional<TruthDepth> nearest(
      ReadOnlyWindowStore<String, TruthDepth> store, String key, long atMillis, long windowMs) {
    TruthDepth best = null;
    long bestGap = Long.MAX_VALUE;
    try (WindowStoreIterator<TruthDepth> found =
        store.fetch(
            key,
            Instant.ofEpochMilli(atMillis - windowMs),
            Instant.ofEpochMilli(atMillis + windowMs))) {
      while (found.hasNext()) {
        KeyValue<Long, TruthDepth> scan = found.next();
        long gap = Math.abs(scan.key - atMillis);
        if (gap < bestGap) {
          best = scan.value;
          bestGap = gap;
        }
      }
    }
    return Optional.ofNullable(best);
  }

  /** Valid LiDAR depths in colour, pixels without a return black. */
  static byte[] colourPng(TruthDepth truth, Colormap colormap, double minDepth, double maxDepth) {
    return VehicleQueries.png(
        colormap.render(truth.image(ImageLimits.DEFAULTS), minDepth, maxDepth));
  }
}
