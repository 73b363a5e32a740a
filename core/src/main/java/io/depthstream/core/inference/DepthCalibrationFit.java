package io.depthstream.core.inference;

import java.util.ArrayList;
import java.util.List;

/**
 * Fits a {@link DepthCalibration} from (prediction, truth) pixel pairs: the predictions' range is
 * cut into bins evenly spaced in log depth, each around one knot; a knot's calibrated depth is the
 * knot times the bin's mean truth over its mean prediction, the least-squares gain of the bin, so
 * that the corrected predictions in the bin average what they should. A bin with fewer than {@code
 * minPixels} pairs is too noisy to trust and borrows the gain of the nearest bin that has enough;
 * with none anywhere the fit refuses. The calibrated depths are then made strictly increasing (each
 * at least a hair above the one before), which a monotone correction must be.
 *
 * <p>Feed it the pixels a protocol scores ({@code EvaluationProtocol.isScored}, its crop) and the
 * predictions as they are scored (clipped to the protocol's range): the curve then corrects what
 * {@code evaluate} measures.
 */
public final class DepthCalibrationFit {

  /** Each calibrated knot is at least this factor above the one before it. */
  private static final double STRICTLY_ABOVE = 1 + 1e-6;

  private final double[] logKnots;
  private final double[] sumPredicted;
  private final double[] sumTruth;
  private final long[] pixels;

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
    double step = (Math.log(maxDepth) - lo) / (knots - 1);
    for (int i = 0; i < knots; i++) {
      logKnots[i] = lo + i * step;
    }
    sumPredicted = new double[knots];
    sumTruth = new double[knots];
    pixels = new long[knots];
  }

  /** Counts one pixel; pairs where either depth is not a positive number are skipped. */
  public void add(double predicted, double truth) {
    if (!(predicted > 0) || !(truth > 0) || Double.isInfinite(predicted + truth)) {
      return;
    }
    int bin = nearestKnot(Math.log(predicted));
    sumPredicted[bin] += predicted;
    sumTruth[bin] += truth;
    pixels[bin]++;
  }

  /** The knot whose bin holds {@code logDepth}: bins meet halfway between knots (in log depth). */
  private int nearestKnot(double logDepth) {
    double step = logKnots[1] - logKnots[0];
    long i = Math.round((logDepth - logKnots[0]) / step);
    return (int) Math.max(0, Math.min(logKnots.length - 1, i));
  }

  /** One knot's bin as counted so far, for the table {@code calibrate} prints. */
  public record Bin(double knot, long pixels, double meanPredicted, double meanTruth) {}

  /** The bins, nearest first. */
  public List<Bin> bins() {
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < logKnots.length; i++) {
      bins.add(
          new Bin(
              Math.exp(logKnots[i]),
              pixels[i],
              pixels[i] == 0 ? Double.NaN : sumPredicted[i] / pixels[i],
              pixels[i] == 0 ? Double.NaN : sumTruth[i] / pixels[i]));
    }
    return bins;
  }

  /**
   * The fitted calibration.
   *
   * @param minPixels a bin with fewer pairs borrows its nearest trusted neighbour's gain
   * @throws IllegalStateException when no bin has {@code minPixels} pairs
   */
  public DepthCalibration fit(long minPixels, List<String> data, String command) {
    int n = logKnots.length;
    double[] gain = new double[n];
    boolean[] trusted = new boolean[n];
    boolean any = false;
    for (int i = 0; i < n; i++) {
      trusted[i] = pixels[i] >= minPixels && sumPredicted[i] > 0;
      if (trusted[i]) {
        gain[i] = sumTruth[i] / sumPredicted[i];
        any = true;
      }
    }
    if (!any) {
      throw new IllegalStateException(
          "no depth bin has "
              + minPixels
              + " scored pixels; give calibrate more frames or a lower --min-pixels");
    }
    for (int i = 0; i < n; i++) {
      if (!trusted[i]) {
        gain[i] = gain[nearestTrusted(trusted, i)];
      }
    }
    List<Double> knots = new ArrayList<>();
    List<Double> calibrated = new ArrayList<>();
    double previous = 0;
    for (int i = 0; i < n; i++) {
      double knot = Math.exp(logKnots[i]);
      double value = Math.max(knot * gain[i], previous * STRICTLY_ABOVE);
      knots.add(knot);
      calibrated.add(value);
      previous = value;
    }
    return new DepthCalibration(knots, calibrated, data, command);
  }

  /** The trusted bin nearest {@code i}, the nearer one on ties. */
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
