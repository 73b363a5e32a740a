package io.depthstream.cli.evaluate;

import io.depthstream.core.depth.DepthImage;

/** One image's prediction and ground truth, same size, named for error messages. */
record DepthPair(String name, DepthImage prediction, DepthImage groundTruth) {}
