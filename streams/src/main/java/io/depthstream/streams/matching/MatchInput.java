package io.depthstream.streams.matching;

import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.GroundTruth;

/**
 * What the nearest-time matcher reads: the two sides of the match merged into one stream of the
 * same key (vehicleId/cameraId), so one processor sees both in stream-time order.
 */
public sealed interface MatchInput {

  static MatchInput frame(DepthMap map) {
    return new FrameSide(map);
  }

  static MatchInput truth(GroundTruth truth) {
    return new TruthSide(truth);
  }

  /** A depth map waiting for ground truth. */
  record FrameSide(DepthMap map) implements MatchInput {}

  /** Ground truth in depth-image form (see GroundTruthProjection). */
  record TruthSide(GroundTruth truth) implements MatchInput {}
}
