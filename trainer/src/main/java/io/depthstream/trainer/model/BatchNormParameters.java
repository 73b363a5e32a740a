package io.depthstream.trainer.model;

import java.util.List;

/** Names of a batch-norm layer's four parameter tensors, as Keras stores them. */
public final class BatchNormParameters {

  public static final String GAMMA = "/gamma";
  public static final String BETA = "/beta";
  public static final String MOVING_MEAN = "/moving_mean";
  public static final String MOVING_VARIANCE = "/moving_variance";

  /** All four, in Keras order. */
  public static final List<String> SUFFIXES = List.of(GAMMA, BETA, MOVING_MEAN, MOVING_VARIANCE);

  private BatchNormParameters() {}

  /** True for the running mean/variance, which are updated by the trainer, not by gradients. */
  public static boolean isRunningStatistic(String parameterName) {
    return parameterName.endsWith(MOVING_MEAN) || parameterName.endsWith(MOVING_VARIANCE);
  }
}
