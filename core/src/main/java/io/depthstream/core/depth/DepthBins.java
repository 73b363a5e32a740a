package io.depthstream.core.depth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * K depth bins between α and β metres, for treating depth estimation as per-pixel classification:
 * {@link #label} turns a ground-truth map into class indices for a cross-entropy loss, and {@link
 * #decode} turns the network's per-bin probabilities back into metres.
 *
 * <p>Bin {@code i} is the half-open interval {@code [t_i, t_{i+1})}, so an edge belongs to the bin
 * above it; the first bin also takes depths below α and the last bin takes β and beyond. Two
 * spacings of the edges {@code t_0 = α < t_1 < … < t_K = β}:
 *
 * <ul>
 *   <li>{@link Spacing#UNIFORM} (UD): {@code t_i = α + i·(β−α)/K}.
 *   <li>{@link Spacing#SID} (spacing-increasing discretisation, Fu et al., DORN, CVPR 2018): {@code
 *       t_i = exp(ln α + i·ln(β/α)/K)}, uniform in log depth, so every bin spans the same depth
 *       ratio and far bins are wider, matching how depth error grows with distance.
 * </ul>
 *
 * <p>A bin's {@link #centre} is the depth it decodes to: the arithmetic mean of its edges for UD,
 * the geometric mean {@code √(t_i·t_{i+1})} for SID. The geometric mean is the middle of the bin in
 * log depth, the space SID is uniform in, and it minimises the worst ratio error {@code max(d/c,
 * c/d)} over the bin, the error δ-thresholds and log metrics score. DORN itself decodes to the
 * arithmetic mean, which sits nearer the far edge of a SID bin.
 *
 * <p>Edges are computed with {@link StrictMath} so that labels are bit-identical on every JVM and
 * CPU: the trainer and the live stream must agree on which side of an edge a pixel falls. Instances
 * are immutable.
 */
public final class DepthBins {

  /** How the bin edges are spaced between α and β. */
  public enum Spacing {
    /** UD: edges equally spaced in depth. */
    UNIFORM,
    /** SID: edges equally spaced in log depth (DORN). */
    SID
  }

  /**
   * The label {@link #binOf} and {@link #label} give a depth that has no bin: no depth, or (in
   * {@link #label}) beyond β. Treat it as "ignore" in the loss: mask out pixels whose label is
   * negative.
   */
  public static final int IGNORE = -1;

  /**
   * Most bins allowed. Published classification heads use 50–120 bins; past this a probability
   * vector per pixel costs more memory than any frame is worth, and a larger K is almost surely a
   * mistyped argument.
   */
  public static final int MAX_BINS = 1 << 16;

  private final Spacing spacing;
  private final int k;
  private final double alpha;
  private final double beta;
  private final double[] edges;
  private final double[] centres;

  private DepthBins(Spacing spacing, int k, double alpha, double beta) {
    Objects.requireNonNull(spacing, "spacing");
    if (k < 2 || k > MAX_BINS) {
      throw new IllegalArgumentException(
          "depth bins need 2 ≤ K ≤ " + MAX_BINS + ", got K = " + k + "; DORN uses 68–80");
    }
    if (!(alpha > 0) || !(beta > alpha) || !Double.isFinite(beta)) {
      throw new IllegalArgumentException(
          "depth bins need 0 < α < β, both finite, got α = "
              + alpha
              + " β = "
              + beta
              + "; pass the minimum and maximum depth in metres, e.g. 1 and 80 for KITTI");
    }
    this.spacing = spacing;
    this.k = k;
    this.alpha = alpha;
    this.beta = beta;
    this.edges = spacing == Spacing.SID ? sidEdges(k, alpha, beta) : uniformEdges(k, alpha, beta);
    this.centres = new double[k];
    for (int i = 0; i < k; i++) {
      double lo = edges[i];
      double hi = edges[i + 1];
      // sqrt of each edge, not of their product, so huge depths cannot overflow.
      centres[i] = spacing == Spacing.SID ? Math.sqrt(lo) * Math.sqrt(hi) : lo + (hi - lo) / 2;
      // Rounding could merge neighbouring edges or push a centre out of its bin when K is large
      // and β/α small; refuse rather than hand out bins that binOf cannot tell apart.
      if (!(lo < hi) || !(centres[i] >= lo && centres[i] < hi)) {
        throw new IllegalArgumentException(
            "K = "
                + k
                + " "
                + spacing
                + " bins over ["
                + alpha
                + ", "
                + beta
                + "] m are too narrow to tell apart in double precision at bin "
                + i
                + "; use fewer bins or a wider depth range");
      }
    }
  }

  /** K bins spaced uniformly in log depth between {@code alpha} and {@code beta} metres. */
  public static DepthBins sid(int k, double alpha, double beta) {
    return new DepthBins(Spacing.SID, k, alpha, beta);
  }

  /** K bins spaced uniformly in depth between {@code alpha} and {@code beta} metres. */
  public static DepthBins uniform(int k, double alpha, double beta) {
    return new DepthBins(Spacing.UNIFORM, k, alpha, beta);
  }

  /** K bins of the given spacing between {@code alpha} and {@code beta} metres. */
  public static DepthBins of(Spacing spacing, int k, double alpha, double beta) {
    return new DepthBins(spacing, k, alpha, beta);
  }

  private static double[] sidEdges(int k, double alpha, double beta) {
    double lnAlpha = StrictMath.log(alpha);
    // ln β − ln α rather than ln(β/α): the quotient overflows when α is tiny and β huge.
    double step = (StrictMath.log(beta) - lnAlpha) / k;
    double[] t = new double[k + 1];
    for (int i = 1; i < k; i++) {
      t[i] = StrictMath.exp(lnAlpha + i * step);
    }
    // The ends are the caller's numbers exactly, not exp(ln x) a rounding away from them.
    t[0] = alpha;
    t[k] = beta;
    return t;
  }

  private static double[] uniformEdges(int k, double alpha, double beta) {
    double width = beta - alpha;
    double[] t = new double[k + 1];
    for (int i = 1; i < k; i++) {
      t[i] = alpha + width * i / k;
    }
    t[0] = alpha;
    t[k] = beta;
    return t;
  }

  public Spacing spacing() {
    return spacing;
  }

  /** Number of bins, K. */
  public int count() {
    return k;
  }

  /** α, the lowest edge, in metres. */
  public double alpha() {
    return alpha;
  }

  /** β, the highest edge, in metres. */
  public double beta() {
    return beta;
  }

  /** The K+1 edges {@code t_0 = α … t_K = β}, ascending; a copy. */
  public double[] edges() {
    return edges.clone();
  }

  /**
   * The depth bin {@code bin} stands for: see the class comment for why SID uses a geometric mean.
   */
  public double centre(int bin) {
    if (bin < 0 || bin >= k) {
      throw new IllegalArgumentException(
          "bin " + bin + " is outside 0.." + (k - 1) + " of " + this);
    }
    return centres[bin];
  }

  /** The depth a predicted class decodes to, {@link #centre}. */
  public double depthOf(int bin) {
    return centre(bin);
  }

  /**
   * The bin holding {@code depth}: the {@code i} with {@code t_i ≤ depth < t_{i+1}}. Depths below α
   * fall in bin 0 and depths at or above β in bin K−1. A depth that is not finite and above zero
   * gives {@link #IGNORE}.
   */
  public int binOf(double depth) {
    if (!(depth > 0) || !Double.isFinite(depth)) {
      return IGNORE;
    }
    // Searching the stored edges, rather than inverting the spacing formula, keeps binOf exactly
    // consistent with edges(): no rounding can put an edge value in the bin below it.
    int found = Arrays.binarySearch(edges, depth);
    int bin = found >= 0 ? found : -found - 2;
    return Math.max(0, Math.min(k - 1, bin));
  }

  /**
   * Class labels for a ground-truth map, one per pixel in the map's row-major order: {@link #binOf}
   * of each depth, and {@link #IGNORE} where there is no depth or the depth exceeds β. Depths
   * beyond the cap are ignored rather than put in the last bin, as DORN's loss does: the network
   * should not learn that everything far is exactly as far as β. Depths below α stay in bin 0. The
   * cap is compared in float, the precision the map is stored in, so a pixel stored as {@code
   * (float) β} is labelled K−1, not ignored.
   */
  public int[] label(DepthImage groundTruth) {
    float[] depths = groundTruth.metres();
    float cap = (float) beta;
    int[] labels = new int[depths.length];
    for (int p = 0; p < depths.length; p++) {
      float d = depths[p];
      labels[p] = DepthImage.isValid(d) && d <= cap ? binOf(d) : IGNORE;
    }
    return labels;
  }

  /**
   * The expected depth under one pixel's class probabilities: {@code Σ p_i·c_i / Σ p_i} over the
   * bin centres {@code c_i} (the "soft-weighted sum" decoding of depth-as-classification networks,
   * smoother than taking the most likely bin). The probabilities need not sum to one, and are
   * normalised here; they must be finite, non-negative and not all zero.
   *
   * @param probabilities K values, one per bin
   */
  public double expectedDepth(float[] probabilities) {
    Objects.requireNonNull(probabilities, "probabilities");
    if (probabilities.length != k) {
      throw new IllegalArgumentException(
          "expected "
              + k
              + " probabilities, one per bin of "
              + this
              + ", got "
              + probabilities.length);
    }
    double depth = expectation(probabilities, 0, 1);
    if (Double.isNaN(depth)) {
      throw new IllegalArgumentException(problem(probabilities, 0, 1));
    }
    return depth;
  }

  /**
   * Expected depth per pixel of one image's class probabilities, laid out CHW: the probability of
   * bin {@code c} at pixel (x, y) is {@code probabilities[c·H·W + y·W + x]}. See {@link
   * #expectedDepth} for the rule and what is rejected.
   */
  public DepthImage decode(float[] probabilities, int width, int height) {
    return decode(probabilities, 1, width, height).get(0);
  }

  /**
   * Expected depth per pixel of a batch of class probabilities laid out NCHW, with C = K, as a
   * segmentation-style head emits them. One depth map per image, in batch order.
   */
  public List<DepthImage> decode(float[] probabilities, int batch, int width, int height) {
    Objects.requireNonNull(probabilities, "probabilities");
    if (batch <= 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "decode needs a positive batch and size, got batch "
              + batch
              + " of "
              + width
              + "x"
              + height);
    }
    long plane = (long) width * height;
    long needed = (long) batch * k * plane;
    if (probabilities.length != needed) {
      throw new IllegalArgumentException(
          "an NCHW batch of "
              + batch
              + "x"
              + k
              + "x"
              + height
              + "x"
              + width
              + " holds "
              + needed
              + " values, got "
              + probabilities.length
              + "; the channel count must equal the "
              + k
              + " bins");
    }
    int stride = (int) plane;
    List<DepthImage> images = new ArrayList<>(batch);
    for (int n = 0; n < batch; n++) {
      float[] metres = new float[stride];
      int base = n * k * stride;
      for (int p = 0; p < stride; p++) {
        double depth = expectation(probabilities, base + p, stride);
        if (Double.isNaN(depth)) {
          throw new IllegalArgumentException(
              "image "
                  + n
                  + " pixel ("
                  + p % width
                  + ", "
                  + p / width
                  + "): "
                  + problem(probabilities, base + p, stride));
        }
        metres[p] = (float) depth;
      }
      images.add(new DepthImage(width, height, metres));
    }
    return images;
  }

  /** Σ p_i·c_i / Σ p_i over K values {@code stride} apart, or NaN if they are unusable. */
  private double expectation(float[] p, int offset, int stride) {
    double total = 0;
    double weighted = 0;
    for (int i = 0; i < k; i++) {
      float v = p[offset + i * stride];
      if (!(v >= 0f && v < Float.POSITIVE_INFINITY)) {
        return Double.NaN;
      }
      total += v;
      weighted += v * centres[i];
    }
    return total > 0 ? weighted / total : Double.NaN;
  }

  /** Why {@link #expectation} refused the values; only built on the error path. */
  private String problem(float[] p, int offset, int stride) {
    for (int i = 0; i < k; i++) {
      float v = p[offset + i * stride];
      if (!(v >= 0f && v < Float.POSITIVE_INFINITY)) {
        return "probability of bin "
            + i
            + " is "
            + v
            + "; probabilities must be finite and non-negative (apply softmax to logits first)";
      }
    }
    return "all "
        + k
        + " probabilities are zero, so no depth can be expected; pass softmax outputs";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DepthBins other
        && spacing == other.spacing
        && k == other.k
        && Double.compare(alpha, other.alpha) == 0
        && Double.compare(beta, other.beta) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(spacing, k, alpha, beta);
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s K=%d [%s, %s] m", spacing, k, alpha, beta);
  }
}
