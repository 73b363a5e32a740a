package io.depthstream.trainer.train;

/**
 * The loss a run trains with: its {@link LossKind} and the weight of the squared metric term in
 * {@link LossKind#DENSEDEPTH_SILOG_METRIC} ({@link DepthLoss#METRIC_WEIGHT} unless {@code
 * --metric-weight} says otherwise). Checkpoints record both, so a resumed run trains with the loss
 * it started with.
 *
 * @param metricWeight the metric term's weight; only {@link LossKind#DENSEDEPTH_SILOG_METRIC} has
 *     the term, so every other kind keeps the default
 */
public record TrainingLoss(LossKind kind, double metricWeight) {

  public TrainingLoss {
    if (!(metricWeight > 0) || !Double.isFinite(metricWeight)) {
      throw new IllegalArgumentException(
          "--metric-weight must be a positive number, e.g. "
              + format(DepthLoss.METRIC_WEIGHT)
              + " (the default); got "
              + metricWeight);
    }
    if (kind != LossKind.DENSEDEPTH_SILOG_METRIC && metricWeight != DepthLoss.METRIC_WEIGHT) {
      throw new IllegalArgumentException(
          "--metric-weight weighs the metric term of --loss "
              + LossKind.DENSEDEPTH_SILOG_METRIC.id()
              + ", and --loss "
              + kind.id()
              + " has none; drop --metric-weight or use --loss "
              + LossKind.DENSEDEPTH_SILOG_METRIC.id());
    }
  }

  /** {@code kind} with its default weights. */
  public static TrainingLoss of(LossKind kind) {
    return new TrainingLoss(kind, DepthLoss.METRIC_WEIGHT);
  }

  /**
   * The loss a resumed run trains with: this one, its checkpoint's. {@code requestedWeight} may
   * repeat the checkpoint's metric weight, or be null (not asked).
   *
   * @throws IllegalArgumentException when it asks for another weight, naming the fix
   */
  public TrainingLoss resumedWith(Double requestedWeight) {
    if (requestedWeight != null && requestedWeight != metricWeight) {
      throw new IllegalArgumentException(
          "--metric-weight "
              + requestedWeight
              + " cannot change a resumed run's loss ("
              + this
              + ", from its checkpoint); drop --metric-weight to resume");
    }
    return this;
  }

  /** Whether the metric term's weight is the default one. */
  public boolean defaultWeights() {
    return metricWeight == DepthLoss.METRIC_WEIGHT;
  }

  /**
   * The kind's id and, when not the default, the metric weight: "densedepth-silog-metric, metric
   * weight 300".
   */
  @Override
  public String toString() {
    return defaultWeights() ? kind.id() : kind.id() + ", metric weight " + format(metricWeight);
  }

  private static String format(double weight) {
    return weight == Math.rint(weight) ? Long.toString((long) weight) : Double.toString(weight);
  }
}
