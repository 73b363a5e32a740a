package io.depthstream.core.metrics;

import io.depthstream.core.depth.DepthImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The depth boundary error (DBE) of iBims-1 (Koch et al. 2018, "Evaluation of CNN-based
 * Single-Image Depth Estimation Methods"): how well the depth edges of a prediction line up with
 * those of the ground truth, in pixels, lower is better.
 *
 * <ul>
 *   <li><b>accuracy</b> ε_acc: the mean, over predicted edge pixels, of the distance to the nearest
 *       ground-truth edge pixel, truncated at θ = {@value #TRUNCATION_PX} px (where the edges are);
 *   <li><b>completeness</b> ε_comp: the mean, over ground-truth edge pixels, of the distance to the
 *       nearest predicted edge pixel, truncated at θ (whether the edges are there at all).
 * </ul>
 *
 * <p>Edges are Canny's ({@link CannyEdges}, σ = √2, thresholds 0.1 and 0.2) on each depth map
 * normalised to [0, 1] by its own minimum and maximum over the scored pixels, as the paper's
 * evaluation does for predictions. iBims-1 draws its ground-truth edges by hand; here they come
 * from the same detector on the ground truth, so they are complete, and a predicted edge with no
 * ground-truth edge within θ is a false edge: it counts θ towards accuracy rather than being left
 * out.
 *
 * <p>It needs dense ground truth. Edges within {@value #UNSCORED_MARGIN_PX} px of an unscored pixel
 * (a hole, the sky, a depth beyond the range) are dropped from both maps, since the smoothing there
 * mixes in depth that does not exist; and the DBE is {@link #ABSENT} unless at least {@value
 * #MIN_GROUND_TRUTH_DENSITY} of the crop lies farther than that from every unscored pixel. Scan
 * lines of projected LiDAR, even where they cover nearly half the pixels (64 beams on a 320×240
 * street frame, Garg crop), leave gaps a few rows apart, so no pixel qualifies; rendered depth, sky
 * and all, does. It is also absent when the ground truth has no edge at all.
 */
public record DepthBoundaryError(double accuracy, double completeness) {

  /** θ: distances are truncated here, and a map without any predicted edge scores θ. */
  public static final double TRUNCATION_PX = 10;

  /**
   * Fraction of the crop that must have ground truth, and lie more than {@link #UNSCORED_MARGIN_PX}
   * from any pixel without, for the DBE to be computed.
   */
  public static final double MIN_GROUND_TRUTH_DENSITY = 0.5;

  static final double CANNY_SIGMA = Math.sqrt(2);
  static final double CANNY_LOW = 0.1;
  static final double CANNY_HIGH = 0.2;

  /** The Gaussian's reach (4σ, rounded up) plus the Sobel's one pixel. */
  static final int UNSCORED_MARGIN_PX = 7;

  /** No boundary error: sparse ground truth, or no edge in it. */
  public static final DepthBoundaryError ABSENT = new DepthBoundaryError(Double.NaN, Double.NaN);

  public boolean isAbsent() {
    return Double.isNaN(accuracy) || Double.isNaN(completeness);
  }

  /**
   * The DBE of {@code prediction} against {@code groundTruth} (same size) inside the protocol's
   * crop, over the pixels the protocol scores, with predictions clipped to its depth range.
   */
  public static DepthBoundaryError of(
      DepthImage prediction, DepthImage groundTruth, EvaluationProtocol protocol) {
    int w = groundTruth.width();
    if (prediction.width() != w || prediction.height() != groundTruth.height()) {
      throw new IllegalArgumentException(
          "prediction and ground truth differ in size; resize the prediction first");
    }
    Crop.Window window = protocol.crop().window(w, groundTruth.height());
    int cw = window.right() - window.left();
    int ch = window.bottom() - window.top();
    if (cw <= 0 || ch <= 0) {
      return ABSENT;
    }
    float[] gts = groundTruth.metres();
    float[] preds = prediction.metres();
    boolean[] scored = new boolean[cw * ch];
    float[] truth = new float[cw * ch];
    float[] predicted = new float[cw * ch];
    int count = 0;
    for (int y = 0; y < ch; y++) {
      for (int x = 0; x < cw; x++) {
        int src = (y + window.top()) * w + x + window.left();
        int i = y * cw + x;
        if (protocol.isScored(gts[src])) {
          scored[i] = true;
          truth[i] = gts[src];
          predicted[i] = (float) protocol.clip(preds[src]);
          count++;
        }
      }
    }
    if (count < MIN_GROUND_TRUTH_DENSITY * cw * ch) {
      return ABSENT;
    }
    float[] toUnscored = null;
    if (count < cw * ch) {
      boolean[] unscored = new boolean[scored.length];
      for (int i = 0; i < scored.length; i++) {
        unscored[i] = !scored[i];
      }
      toUnscored = DistanceTransform.euclidean(unscored, cw, ch);
      int clear = 0;
      for (float d : toUnscored) {
        if (d > UNSCORED_MARGIN_PX) {
          clear++;
        }
      }
      if (clear < MIN_GROUND_TRUTH_DENSITY * cw * ch) {
        return ABSENT;
      }
    }
    boolean[] truthEdges = edges(normalised(truth, scored), cw, ch);
    boolean[] predictedEdges = edges(normalised(predicted, scored), cw, ch);
    if (toUnscored != null) {
      for (int i = 0; i < toUnscored.length; i++) {
        if (toUnscored[i] <= UNSCORED_MARGIN_PX) {
          truthEdges[i] = false;
          predictedEdges[i] = false;
        }
      }
    }
    return ofEdges(predictedEdges, truthEdges, cw, ch);
  }

  /**
   * The truncated chamfer distances between two edge maps of {@code width × height}: accuracy from
   * the predicted edges to the ground-truth ones, completeness back. {@link #ABSENT} when the
   * ground truth has no edge; θ for both when the prediction has none.
   */
  public static DepthBoundaryError ofEdges(
      boolean[] predicted, boolean[] truth, int width, int height) {
    if (CannyEdges.count(truth) == 0) {
      return ABSENT;
    }
    if (CannyEdges.count(predicted) == 0) {
      return new DepthBoundaryError(TRUNCATION_PX, TRUNCATION_PX);
    }
    return new DepthBoundaryError(
        meanTruncatedDistance(predicted, truth, width, height),
        meanTruncatedDistance(truth, predicted, width, height));
  }

  /**
   * Offsets {dx, dy, dx² + dy²} of the pixels nearer than θ, nearest first: only distances below θ
   * matter, so each edge pixel searches this disc for the nearest pixel of the other map instead of
   * paying for a whole distance transform — edges are a few percent of a frame.
   */
  private static final int[][] DISC = disc();

  private static int[][] disc() {
    int r = (int) Math.ceil(TRUNCATION_PX);
    List<int[]> offsets = new ArrayList<>();
    for (int dy = -r; dy <= r; dy++) {
      for (int dx = -r; dx <= r; dx++) {
        int sq = dx * dx + dy * dy;
        if (sq < TRUNCATION_PX * TRUNCATION_PX) {
          offsets.add(new int[] {dx, dy, sq});
        }
      }
    }
    offsets.sort(Comparator.comparingInt(o -> o[2]));
    return offsets.toArray(int[][]::new);
  }

  /**
   * Mean over the pixels of {@code from} of min(θ, distance to the nearest pixel of {@code to}).
   */
  private static double meanTruncatedDistance(boolean[] from, boolean[] to, int width, int height) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < from.length; i++) {
      if (!from[i]) {
        continue;
      }
      int x = i % width;
      int y = i / width;
      double distance = TRUNCATION_PX;
      for (int[] o : DISC) {
        int nx = x + o[0];
        int ny = y + o[1];
        if (nx >= 0 && nx < width && ny >= 0 && ny < height && to[ny * width + nx]) {
          distance = Math.sqrt(o[2]);
          break;
        }
      }
      sum += distance;
      n++;
    }
    return sum / n;
  }

  static boolean[] edges(float[] normalised, int width, int height) {
    return CannyEdges.detect(normalised, width, height, CANNY_SIGMA, CANNY_LOW, CANNY_HIGH);
  }

  /**
   * Depth scaled to [0, 1] by its minimum and maximum over the scored pixels; unscored pixels read
   * 0 (their edges are dropped). A flat map is all 0, so it has no edge.
   */
  static float[] normalised(float[] depth, boolean[] scored) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < depth.length; i++) {
      if (scored[i]) {
        min = Math.min(min, depth[i]);
        max = Math.max(max, depth[i]);
      }
    }
    float[] out = new float[depth.length];
    double range = max - min;
    if (!(range > 0)) {
      return out;
    }
    for (int i = 0; i < depth.length; i++) {
      if (scored[i]) {
        out[i] = (float) ((depth[i] - min) / range);
      }
    }
    return out;
  }
}
