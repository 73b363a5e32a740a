package io.depthstream.cli.evaluate;

import io.depthstream.core.depth.DepthImage;

/**
 * One image's prediction and ground truth, same size, named for error messages; with the prediction
 * at the model's own resolution too when a model made it (null otherwise), for fits that must see
 * what the engine enlarged.
 */
record DepthPair(
    String name, DepthImage prediction, DepthImage groundTruth, DepthImage modelResolution) {

  /** A pair with no model-resolution prediction behind it (PNG folders, oracles). */
  DepthPair(String name, DepthImage prediction, DepthImage groundTruth) {
    this(name, prediction, groundTruth, null);
  }
}
