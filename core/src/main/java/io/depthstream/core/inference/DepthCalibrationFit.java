package io.depthstream.core.inference;

import io.depthstream.core.image.Resampling;
import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link DepthCalibration} by least squares on what is measured: the engine corrects depth
 * at the model's resolution and then enlarges the map, so a measured pixel's prediction is a
 * weighted blend of a few model-resolution depths ({@code Resampling.PlaneSampler#taps}), each
 * corrected first. The curve is linear in its calibrated depths {@code v}, so the measured
 * prediction is too: {@code Σ_j w_j c(p_j) = a · v}, and the {@code v} that minimises {@code Σ (g −
 * a·v)²} over every scored pixel solves the normal equations {@code (AᵀA) v = Aᵀg}, a {@code K × K}
 * system for K knots, accumulated pixel by pixel.
 *
 * <p>Fitting the correction as it is applied matters at edges: a pixel between a near and a far
 * cell is a blend, and a curve fitted on blended values (bin by bin) mis-corrects the cells it is
 * blended from. Fitted on the same calibration frames and applied the same way, a bin-by-bin curve
 * took 1.11.0's held-out street rmse to 2.338 m, this fit to 2.324 m (models/README.md).
 *
 * <p>Knots whose data is thin are held near a prior by a small ridge: each knot's weighted gain
 * {@code Σ a_k g / Σ a_k p} (the bin-by-bin estimate), a knot with less than {@code minPixels} of
 * weight borrowing the nearest trusted knot's gain. The result is made strictly increasing.
 */
public final class DepthCalibrationFit {

  /** Each calibrated knot is at least this factor above the one before it. */
  private static final double STRICTLY_ABOVE = 1 + 1e-6;

  /**
   * The ridge's weight, as a share of the mean diagonal of {@code AᵀA}: enough to pin knots no
   * pixel reaches, far too little to move a knot thousands of pixels inform.
   */
  static final double RIDGE = 1e-3;

  private final double[] logKnots;
  private final double step;
  private final double[][] normal;
  private final double[] rhs;
  private final double[] weight;
  private final double[] weightedPrediction;
  private final double[] weightedTruth;

  // The pixel being counted: its row of A (a few non-zero entries, between low and high), its
  // blended prediction, and whether one of its depths was unusable. Reset after each pixel.
  private final double[] scratch;
  private double blended;
  private int low;
  private int high = -1;
  private boolean unusable;

  /**
   * @param minDepth the first knot, metres (the model's {@code min_depth})
   * @param maxDepth the last knot, metres (the model's {@code max_depth})
   * @param knots how many knots, evenly spaced in log depth from the first to the last
   */
  public DepthCalibrationFit(double minDepth, double maxDepth, int knots) {
    if (!(minDepth > 0) || !(maxDepth > minDepth) || !Double.isFinite(maxDepth)) {
      throw new IllegalArgumentException(
          "need 0 < min depth < max depth, got " + minDepth + " and " + maxDepth);
    }
    if (knots < 2) {
      throw new IllegalArgumentException("a calibration needs at least 2 knots, got " + knots);
    }
    logKnots = new double[knots];
    double lo = Math.log(minDepth);
    step = (Math.log(maxDepth) - lo) / (knots - 1);
    for (int i = 0; i < knots; i++) {
      logKnots[i] = lo + i * step;
    }
    normal = new double[knots][knots];
    rhs = new double[knots];
    weight = new double[knots];
    weightedPrediction = new double[knots];
    weightedTruth = new double[knots];
    scratch = new double[knots];
    low = knots;
  }

  /** Counts a pixel whose prediction is {@code predicted} itself (no enlarging in between). */
  public void add(double predicted, double truth) {
    if (usable(truth)) {
      tap(predicted, 1);
      finish(truth);
    }
  }

  /**
   * Counts one measured pixel.
   *
   * @param depths the model-resolution depths it blends
   * @param weights their weights, summing to 1
   * @param taps how many of {@code depths} and {@code weights} to read
   * @param truth the pixel's ground truth
   */
  public void add(double[] depths, double[] weights, int taps, double truth) {
    if (usable(truth)) {
      for (int j = 0; j < taps; j++) {
        tap(depths[j], weights[j]);
      }
      finish(truth);
    }
  }

  /**
   * Counts pixel {@code (x, y)} of a map enlarged by {@code sampler} from {@code modelDepth}, the
   * model-resolution depths, whose truth is {@code truth}: the blend is read from the sampler's own
   * taps, however many the resize reads.
   */
  public void add(Resampling.PlaneSampler sampler, float[] modelDepth, int x, int y, double truth) {
    if (usable(truth)) {
      sampler.taps(x, y, (index, w) -> tap(modelDepth[index], w));
      finish(truth);
    }
  }

  private static boolean usable(double depth) {
    return depth > 0 && !Double.isInfinite(depth);
  }

  /** Adds one model-resolution depth {@code p} of weight {@code w} to the pixel being counted. */
  private void tap(double p, double w) {
    if (!usable(p)) {
      unusable = true;
      return;
    }
    int k = logKnots.length;
    blended += w * p;
    double x = Math.log(p);
    int i;
    if (x <= logKnots[0]) {
      i = 0;
      scratch[0] += w * p / knot(0); // c(p) = p · v0 / knot0 below the knots
    } else if (x >= logKnots[k - 1]) {
      i = k - 1;
      scratch[k - 1] += w * p / knot(k - 1);
    } else {
      i = Math.min(k - 2, (int) ((x - logKnots[0]) / step));
      double t = (x - logKnots[i]) / step;
      scratch[i] += w * (1 - t);
      scratch[i + 1] += w * t;
    }
    low = Math.min(low, i);
    high = Math.max(high, Math.min(k - 1, i + 1));
  }

  /** Adds the pixel whose taps were given to the sums, unless one was unusable; then resets. */
  private void finish(double truth) {
    if (!unusable) {
      for (int r = low; r <= high; r++) {
        double ar = scratch[r];
        if (ar == 0) {
          continue;
        }
        rhs[r] += ar * truth;
        for (int c = low; c <= high; c++) {
          normal[r][c] += ar * scratch[c];
        }
        weight[r] += ar;
        weightedPrediction[r] += ar * blended;
        weightedTruth[r] += ar * truth;
      }
    }
    for (int r = low; r <= high; r++) {
      scratch[r] = 0;
    }
    blended = 0;
    low = logKnots.length;
    high = -1;
    unusable = false;
  }

  private double knot(int i) {
    return Math.exp(logKnots[i]);
  }

  /** One knot as counted so far, for the table {@code calibrate} prints. */
  public record Bin(double knot, double weight, double gain) {}

  /** The knots with the pixel weight each received and their weighted gain, nearest first. */
  public List<Bin> bins() {
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < logKnots.length; i++) {
      bins.add(
          new Bin(
              knot(i),
              weight[i],
              weightedPrediction[i] > 0 ? weightedTruth[i] / weightedPrediction[i] : Double.NaN));
    }
    return bins;
  }

  /**
   * The fitted calibration.
   *
   * @param minPixels a knot with less pixel weight is held near its nearest trusted neighbour's
   *     gain
   * @throws IllegalStateException when no knot has {@code minPixels} of weight
   */
  public DepthCalibration fit(long minPixels, List<String> data, String command) {
    int k = logKnots.length;
    double[] prior = prior(minPixels);
    double trace = 0;
    for (int i = 0; i < k; i++) {
      trace += normal[i][i];
    }
    double ridge = RIDGE * Math.max(trace / k, 1e-12);
    double[][] m = new double[k][k];
    double[] b = new double[k];
    for (int i = 0; i < k; i++) {
      m[i] = normal[i].clone();
      m[i][i] += ridge;
      b[i] = rhs[i] + ridge * prior[i];
    }
    double[] v = LinearSystems.solveSymmetricPositive(m, b);
    List<Double> knots = new ArrayList<>();
    List<Double> calibrated = new ArrayList<>();
    double previous = 0;
    for (int i = 0; i < k; i++) {
      double value = Math.max(v[i], previous * STRICTLY_ABOVE);
      if (!(value > 0)) {
        value = Math.max(prior[i], previous * STRICTLY_ABOVE);
      }
      knots.add(knot(i));
      calibrated.add(value);
      previous = value;
    }
    return new DepthCalibration(knots, calibrated, data, command);
  }

  /** Each knot times its weighted gain; thin knots borrow the nearest trusted one's gain. */
  private double[] prior(long minPixels) {
    int k = logKnots.length;
    double[] gain = new double[k];
    boolean[] trusted = new boolean[k];
    boolean any = false;
    for (int i = 0; i < k; i++) {
      trusted[i] = weight[i] >= minPixels && weightedPrediction[i] > 0;
      if (trusted[i]) {
        gain[i] = weightedTruth[i] / weightedPrediction[i];
        any = true;
      }
    }
    if (!any) {
      throw new IllegalStateException(
          "no depth knot has "
              + minPixels
              + " scored pixels; give calibrate more frames or a lower --min-pixels");
    }
    double[] prior = new double[k];
    for (int i = 0; i < k; i++) {
      prior[i] = knot(i) * (trusted[i] ? gain[i] : gain[nearestTrusted(trusted, i)]);
    }
    return prior;
  }

  /** The trusted knot nearest {@code i}, the nearer one on ties. */
  private static int nearestTrusted(boolean[] trusted, int i) {
    for (int d = 1; ; d++) {
      if (i - d >= 0 && trusted[i - d]) {
        return i - d;
      }
      if (i + d < trusted.length && trusted[i + d]) {
        return i + d;
      }
    }
  }
}
