package io.depthstream.core.metrics;

import io.depthstream.core.depth.DepthAt;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.SparseDepth;

/**
 * Scores one predicted depth map against ground truth under an {@link EvaluationProtocol}, with the
 * formulas of docs/DESIGN.md "Evaluation protocol". With {@code r = max(gt/p, p/gt)} and {@code d =
 * ln p − ln gt} over the scored pixels: δk = mean(r &lt; 1.25^k), abs_rel = mean(|gt−p|/gt), sq_rel
 * = mean((gt−p)²/gt), rmse = √mean((gt−p)²), rmse_log = √mean(d²), log10 = mean(|log10 gt − log10
 * p|), silog = 100·√(mean(d²) − mean(d)²). Everything is summed in double. Where the ground truth
 * is dense, the {@link DepthBoundaryError} is added too.
 */
public final class DepthEvaluator {

  private static final double[] THRESHOLDS = {1.25, 1.25 * 1.25, 1.25 * 1.25 * 1.25};

  private final EvaluationProtocol protocol;
  private final boolean boundaryError;

  public DepthEvaluator(EvaluationProtocol protocol) {
    this(protocol, true);
  }

  /**
   * @param boundaryError false leaves the {@link DepthBoundaryError} out (absent) even on dense
   *     ground truth: it costs about 50 ms of CPU on a 640×480 frame, more than everything else a
   *     frame costs the service
   */
  public DepthEvaluator(EvaluationProtocol protocol, boolean boundaryError) {
    this.protocol = protocol;
    this.boundaryError = boundaryError;
  }

  /** Scores {@code prediction} against {@code groundTruth} under this evaluator's protocol. */
  public DepthMetrics evaluate(DepthImage prediction, DepthImage groundTruth) {
    return evaluate(prediction, groundTruth, protocol, boundaryError);
  }

  /**
   * Scores {@code prediction} against {@code groundTruth}. Both must have the same size; resize the
   * prediction first (DenseDepth predicts at half resolution). No scored pixel gives {@link
   * DepthMetrics#empty()}.
   */
  public static DepthMetrics evaluate(
      DepthImage prediction, DepthImage groundTruth, EvaluationProtocol protocol) {
    return evaluate(prediction, groundTruth, protocol, true);
  }

  private static DepthMetrics evaluate(
      DepthImage prediction,
      DepthImage groundTruth,
      EvaluationProtocol protocol,
      boolean boundaryError) {
    int w = groundTruth.width();
    int h = groundTruth.height();
    if (prediction.width() != w || prediction.height() != h) {
      throw new IllegalArgumentException(
          "prediction is "
              + prediction.width()
              + "x"
              + prediction.height()
              + " but ground truth is "
              + w
              + "x"
              + h
              + "; resize the prediction to the ground truth's size before scoring");
    }
    Crop.Window window = protocol.crop().window(w, h);
    float[] gts = groundTruth.metres();
    float[] preds = prediction.metres();
    Sums sums = new Sums(protocol);
    for (int y = window.top(); y < window.bottom(); y++) {
      for (int x = window.left(); x < window.right(); x++) {
        sums.add(gts[y * w + x], preds[y * w + x]);
      }
    }
    if (sums.n == 0) {
      return DepthMetrics.empty();
    }
    return sums.metrics(
        boundaryError
            ? DepthBoundaryError.of(prediction, groundTruth, protocol)
            : DepthBoundaryError.ABSENT);
  }

  /**
   * Scores {@code prediction} at the pixels of sparse {@code groundTruth} only, under this
   * evaluator's protocol, without the depth boundary error (it needs dense ground truth; see {@link
   * #boundaryErrorMayApply}). The pixels are visited in the dense path's row-major order and summed
   * the same way, so where the prediction reads as the dense map would at each pixel the result
   * equals {@link #evaluate(DepthImage, DepthImage)} on {@code groundTruth.toImage()} bit for bit
   * (with the boundary error absent).
   *
   * @param prediction the prediction at the ground truth's pixels, in its coordinates
   */
  public DepthMetrics evaluate(DepthAt prediction, SparseDepth groundTruth) {
    int w = groundTruth.width();
    Crop.Window window = protocol.crop().window(w, groundTruth.height());
    int[] pixels = groundTruth.pixels();
    float[] gts = groundTruth.metres();
    Sums sums = new Sums(protocol);
    for (int i = 0; i < pixels.length; i++) {
      int x = pixels[i] % w;
      int y = pixels[i] / w;
      // The prediction is looked up only where a pixel would count: that is the whole saving.
      if (window.contains(x, y) && protocol.isScored(gts[i])) {
        sums.add(gts[i], prediction.at(x, y));
      }
    }
    return sums.n == 0 ? DepthMetrics.empty() : sums.metrics(DepthBoundaryError.ABSENT);
  }

  /**
   * False when {@code groundTruth} is too sparse for {@link DepthBoundaryError} under this
   * evaluator (fewer scored pixels than {@link DepthBoundaryError#MIN_GROUND_TRUTH_DENSITY} of the
   * crop, or the boundary error switched off), so that the dense path would find it {@link
   * DepthBoundaryError#ABSENT} too; projected LiDAR always is. True means only that the dense path
   * must decide.
   */
  public boolean boundaryErrorMayApply(SparseDepth groundTruth) {
    if (!boundaryError) {
      return false;
    }
    int w = groundTruth.width();
    Crop.Window window = protocol.crop().window(w, groundTruth.height());
    int cw = window.right() - window.left();
    int ch = window.bottom() - window.top();
    if (cw <= 0 || ch <= 0) {
      return false;
    }
    int[] pixels = groundTruth.pixels();
    float[] gts = groundTruth.metres();
    int count = 0;
    for (int i = 0; i < pixels.length; i++) {
      if (window.contains(pixels[i] % w, pixels[i] / w) && protocol.isScored(gts[i])) {
        count++;
      }
    }
    return count >= DepthBoundaryError.MIN_GROUND_TRUTH_DENSITY * cw * ch;
  }

  /** The running sums of every score, one scored pixel at a time, in double. */
  private static final class Sums {
    private final EvaluationProtocol protocol;
    private long n;
    private final long[] within = new long[3];
    private double absRel;
    private double sqRel;
    private double sq;
    private double logSq;
    private double log;
    private double log10;

    Sums(EvaluationProtocol protocol) {
      this.protocol = protocol;
    }

    /** Adds a pixel if the protocol scores its ground truth. */
    void add(float stored, float predicted) {
      if (!protocol.isScored(stored)) {
        return;
      }
      double gt = stored;
      double p = protocol.clip(predicted);
      n++;
      double ratio = Math.max(gt / p, p / gt);
      for (int k = 0; k < 3; k++) {
        if (ratio < THRESHOLDS[k]) {
          within[k]++;
        }
      }
      double diff = gt - p;
      absRel += Math.abs(diff) / gt;
      sqRel += diff * diff / gt;
      sq += diff * diff;
      double d = Math.log(p) - Math.log(gt);
      log += d;
      logSq += d * d;
      log10 += Math.abs(Math.log10(gt) - Math.log10(p));
    }

    DepthMetrics metrics(DepthBoundaryError dbe) {
      double meanD = log / n;
      double meanD2 = logSq / n;
      // Rounding can leave the variance a hair below zero when every d is equal.
      double silog = 100 * Math.sqrt(Math.max(0, meanD2 - meanD * meanD));
      return new DepthMetrics(
          (double) within[0] / n,
          (double) within[1] / n,
          (double) within[2] / n,
          absRel / n,
          sqRel / n,
          Math.sqrt(sq / n),
          Math.sqrt(meanD2),
          log10 / n,
          silog,
          n,
          dbe.accuracy(),
          dbe.completeness());
    }
  }
}
