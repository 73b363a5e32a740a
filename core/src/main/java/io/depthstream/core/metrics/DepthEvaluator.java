package io.depthstream.core.metrics;

import io.depthstream.core.depth.DepthImage;

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
    long n = 0;
    long[] within = new long[3];
    double absRel = 0;
    double sqRel = 0;
    double sq = 0;
    double logSq = 0;
    double log = 0;
    double log10 = 0;
    for (int y = window.top(); y < window.bottom(); y++) {
      for (int x = window.left(); x < window.right(); x++) {
        float stored = gts[y * w + x];
        if (!protocol.isScored(stored)) {
          continue;
        }
        double gt = stored;
        double p = protocol.clip(preds[y * w + x]);
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
    }
    if (n == 0) {
      return DepthMetrics.empty();
    }
    double meanD = log / n;
    double meanD2 = logSq / n;
    // Rounding can leave the variance a hair below zero when every d is equal.
    double silog = 100 * Math.sqrt(Math.max(0, meanD2 - meanD * meanD));
    DepthBoundaryError dbe =
        boundaryError
            ? DepthBoundaryError.of(prediction, groundTruth, protocol)
            : DepthBoundaryError.ABSENT;
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
