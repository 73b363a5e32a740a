package io.depthstream.streams.matching;

import io.depthstream.streams.groundtruth.TruthDepth;
import io.depthstream.streams.inference.EstimatedFrame;

/**
 * What the nearest-time matcher reads: the two sides of the match merged into one stream of the
 * same key (vehicleId/cameraId), so one processor sees both in stream-time order.
 */
public sealed interface MatchInput {

  static MatchInput frame(EstimatedFrame frame) {
    return new FrameSide(frame);
  }

  static MatchInput truth(TruthDepth truth) {
    return new TruthSide(truth);
  }

  /** A depth map waiting for ground truth. */
  record FrameSide(EstimatedFrame frame) implements MatchInput {}

  /** Ground truth in the form the matcher keeps (see GroundTruthProjection). */
  record TruthSide(TruthDepth truth) implements MatchInput {}
}
