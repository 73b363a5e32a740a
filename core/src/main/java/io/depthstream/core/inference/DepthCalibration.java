package io.depthstream.core.inference;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A monotone correction of a model's metric depth, {@code d → c(d)}, fitted after training on
 * frames with known depth ({@code ./depthstream calibrate}) and kept in the bundle ({@code
 * output.calibration}), so that the service, {@code predict} and {@code evaluate} all apply it.
 *
 * <p>Why: a network trained on log- and inverse-depth losses predicts something nearer the median
 * of what a pixel could be than its mean. Where it is unsure (far away) the two part: on the
 * synthetic streets 1.11.0 predicted 45–70 m where the truth averaged 3–7 % farther. Squared error
 * (rmse) is smallest at the mean, so mapping each prediction to the mean truth seen at that
 * prediction lowers rmse without touching what the network learnt. Fitting it on frames the network
 * was not scored on (calibration worlds, not the held-out ones) keeps the held-out figures honest.
 *
 * <p>The curve passes through {@code (knots[i], calibrated[i])}: between two knots {@code c} is
 * interpolated linearly, at the fraction of the way from one knot to the next measured in log depth
 * (knots are evenly spaced in log depth, so that is where they are dense); beyond them the ratio
 * {@code c(d)/d} of the nearest knot holds. Both lists strictly increase, so {@code c} does too and
 * never reorders depths (a nearer pixel stays nearer). Linear in the calibrated depths, so that
 * {@link DepthCalibrationFit} can fit them by least squares.
 *
 * @param knots predicted depths, metres, strictly increasing, at least two
 * @param calibrated what each knot becomes, metres, strictly increasing
 * @param data the commands that made the frames it was fitted on
 * @param command the command that fitted it
 */
public record DepthCalibration(
    List<Double> knots, List<Double> calibrated, List<String> data, String command) {

  public DepthCalibration {
    knots = List.copyOf(knots);
    calibrated = List.copyOf(calibrated);
    data = List.copyOf(data);
    Objects.requireNonNull(command, "command");
    if (knots.size() < 2 || knots.size() != calibrated.size()) {
      throw new IllegalArgumentException(
          "a calibration needs at least two knots and one calibrated depth per knot, got "
              + knots.size()
              + " knots and "
              + calibrated.size()
              + " calibrated depths");
    }
    requireIncreasingPositive(knots, "knots_m");
    requireIncreasingPositive(calibrated, "calibrated_m");
  }

  private static void requireIncreasingPositive(List<Double> values, String name) {
    double previous = 0;
    for (double v : values) {
      if (!(v > previous) || !Double.isFinite(v)) {
        throw new IllegalArgumentException(
            name + " must be positive, finite and strictly increasing, got " + values);
      }
      previous = v;
    }
  }

  /** The curve as arrays, for applying it to every pixel of a map. */
  public Curve curve() {
    return new Curve(logs(knots), calibrated.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static double[] logs(List<Double> values) {
    return values.stream().mapToDouble(Math::log).toArray();
  }

  /** The calibration ready to apply; immutable, safe to share between threads. */
  public static final class Curve {
    private final double[] logKnots;
    private final double[] calibrated;
    private final double belowRatio;
    private final double aboveRatio;

    private Curve(double[] logKnots, double[] calibrated) {
      this.logKnots = logKnots;
      this.calibrated = calibrated;
      int last = logKnots.length - 1;
      this.belowRatio = calibrated[0] / Math.exp(logKnots[0]);
      this.aboveRatio = calibrated[last] / Math.exp(logKnots[last]);
    }

    /** {@code c(depth)}; NaN stays NaN, and a depth that is not positive is returned as it is. */
    public float apply(float depth) {
      if (!(depth > 0) || Float.isInfinite(depth)) {
        return depth;
      }
      double x = Math.log(depth);
      if (x <= logKnots[0]) {
        return (float) (depth * belowRatio);
      }
      if (x >= logKnots[logKnots.length - 1]) {
        return (float) (depth * aboveRatio);
      }
      int found = Arrays.binarySearch(logKnots, x);
      int i = found >= 0 ? found : -found - 2; // logKnots[i] <= x < logKnots[i + 1]
      double t = (x - logKnots[i]) / (logKnots[i + 1] - logKnots[i]);
      return (float) (calibrated[i] + t * (calibrated[i + 1] - calibrated[i]));
    }
  }
}
