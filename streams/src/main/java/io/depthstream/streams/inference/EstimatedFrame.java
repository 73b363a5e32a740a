package io.depthstream.streams.inference;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.inference.DepthUpsampling;
import io.depthstream.schemas.DepthMap;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A frame's depth map as published, with the prediction it was made from at the model's output
 * resolution. The scorer works from {@link #published()} in memory, never by decoding the PNG
 * again, and a frame waiting for its ground truth is stored as {@link #withoutPng()}: a 64×48
 * prediction is 12 KB where the 640×480 PNG is about 190 KB, and {@link #published()} rebuilds the
 * published values from it exactly.
 *
 * @param map the depth-map record; its PNG may be empty (see {@link #withoutPng()})
 * @param modelResolution the prediction in metres before upsampling to {@code map}'s size
 */
public record EstimatedFrame(DepthMap map, DepthImage modelResolution) {

  private static final ByteBuffer NO_PNG = ByteBuffer.allocate(0);

  public EstimatedFrame {
    Objects.requireNonNull(map, "map");
    Objects.requireNonNull(modelResolution, "modelResolution");
  }

  /** The same frame with the PNG left out of its record: what the pending-frames store keeps. */
  public EstimatedFrame withoutPng() {
    return new EstimatedFrame(
        DepthMap.newBuilder(map).setDepthPng(NO_PNG).build(), modelResolution);
  }

  /**
   * The depth map's values exactly as a reader of {@code depth.maps} decodes them: the prediction
   * upsampled to the map's size the way the engine does it, rounded to the map's scale.
   */
  public DepthImage published() {
    DepthImage upsampled = DepthUpsampling.toSize(modelResolution, map.getWidth(), map.getHeight());
    return DepthPngCodec.quantised(upsampled, map.getScale());
  }
}
