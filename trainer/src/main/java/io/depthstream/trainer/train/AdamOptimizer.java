package io.depthstream.trainer.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam (Kingma and Ba) or its AMSGrad variant over named parameters, updating them in place, in
 * Keras' formulation (the one DenseDepth trained with): {@code p −= lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v +
 * ε)}, where AMSGrad uses the running maximum of {@code v} instead of {@code v}. The moment
 * estimates live here by parameter name so a checkpoint can save them and a resumed run continues
 * exactly.
 */
public final class AdamOptimizer {

  private final OptimizerKind kind;
  private final LearningRateSchedule schedule;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final Map<String, INDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, INDArray> secondMoments = new LinkedHashMap<>();
  private final Map<String, INDArray> maxSecondMoments = new LinkedHashMap<>();
  private final Map<String, Double> rateScales;
  private long iterations;

  /** Plain Adam at a constant rate; DenseDepth's settings are {@code (1e-4, 0.9, 0.999, 1e-7)}. */
  public AdamOptimizer(double learningRate, double beta1, double beta2, double epsilon) {
    this(OptimizerKind.ADAM, LearningRateSchedule.constant(learningRate), beta1, beta2, epsilon);
  }

  /** Plain Adam. */
  public AdamOptimizer(LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
    this(OptimizerKind.ADAM, schedule, beta1, beta2, epsilon);
  }

  public AdamOptimizer(
      OptimizerKind kind,
      LearningRateSchedule schedule,
      double beta1,
      double beta2,
      double epsilon) {
    this(kind, schedule, beta1, beta2, epsilon, Map.of());
  }

  /**
   * With {@code rateScales}: the named parameters move at that multiple of the schedule's rate
   * (layers new to a fine-tuned network, which would otherwise learn at its fine-tuning rate).
   */
  public AdamOptimizer(
      OptimizerKind kind,
      LearningRateSchedule schedule,
      double beta1,
      double beta2,
      double epsilon,
      Map<String, Double> rateScales) {
    rateScales.forEach(
        (name, scale) -> {
          if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException(
                "rate scale of " + name + " must be a positive number, got " + scale);
          }
        });
    this.rateScales = Map.copyOf(rateScales);
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException(
          "Adam needs betas in [0, 1), got beta1 " + beta1 + ", beta2 " + beta2);
    }
    this.kind = kind;
    this.schedule = schedule;
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
  }

  /** Adam or AMSGrad. */
  public OptimizerKind kind() {
    return kind;
  }

  public LearningRateSchedule schedule() {
    return schedule;
  }

  /** The rate the next step will take. */
  public double learningRate() {
    return schedule.rateAt(iterations);
  }

  /** Steps taken so far. */
  public long iterations() {
    return iterations;
  }

  /** Applies one step: every parameter with a gradient moves against its bias-corrected moment. */
  public void apply(Map<String, INDArray> parameters, Map<String, INDArray> gradients) {
    double rate = learningRate();
    iterations++;
    double correction =
        rate * Math.sqrt(1 - Math.pow(beta2, iterations)) / (1 - Math.pow(beta1, iterations));
    for (Map.Entry<String, INDArray> e : gradients.entrySet()) {
      INDArray g = e.getValue();
      INDArray p = parameters.get(e.getKey());
      INDArray m = firstMoments.computeIfAbsent(e.getKey(), k -> p.ulike().assign(0));
      INDArray v = secondMoments.computeIfAbsent(e.getKey(), k -> p.ulike().assign(0));
      m.muli(beta1).addi(g.mul(1 - beta1));
      v.muli(beta2).addi(g.mul(g).muli(1 - beta2));
      INDArray denominator = v;
      if (kind == OptimizerKind.AMSGRAD) {
        INDArray vMax = maxSecondMoments.computeIfAbsent(e.getKey(), k -> p.ulike().assign(0));
        vMax.assign(Transforms.max(vMax, v, true));
        denominator = vMax;
      }
      double step = correction * rateScales.getOrDefault(e.getKey(), 1.0);
      p.subi(m.mul(step).divi(Transforms.sqrt(denominator, true).addi(epsilon)));
    }
  }

  /**
   * The optimiser state by name: {@code m/<param>}, {@code v/<param>} and, for AMSGrad, {@code
   * vmax/<param>}.
   */
  public Map<String, INDArray> state() {
    Map<String, INDArray> s = new LinkedHashMap<>();
    firstMoments.forEach((k, a) -> s.put("m/" + k, a));
    secondMoments.forEach((k, a) -> s.put("v/" + k, a));
    maxSecondMoments.forEach((k, a) -> s.put("vmax/" + k, a));
    return s;
  }

  /** Restores a state saved by {@link #state()} after {@code steps} iterations. */
  public void restore(Map<String, INDArray> state, long steps) {
    firstMoments.clear();
    secondMoments.clear();
    maxSecondMoments.clear();
    state.forEach(
        (k, a) -> {
          if (k.startsWith("m/")) {
            firstMoments.put(k.substring(2), a);
          } else if (k.startsWith("v/")) {
            secondMoments.put(k.substring(2), a);
          } else if (k.startsWith("vmax/") && kind == OptimizerKind.AMSGRAD) {
            maxSecondMoments.put(k.substring("vmax/".length()), a);
          } else {
            throw new IllegalArgumentException("unexpected optimiser state entry " + k);
          }
        });
    iterations = steps;
  }
}
