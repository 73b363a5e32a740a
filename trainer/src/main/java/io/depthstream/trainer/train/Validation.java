package io.depthstream.trainer.train;

import io.depthstream.core.metrics.DepthMetrics;

/**
 * The result of scoring a model on a validation set: mean loss per batch and the mean of the
 * per-image depth metrics.
 */
public record Validation(double loss, DepthMetrics metrics, long images) {}
