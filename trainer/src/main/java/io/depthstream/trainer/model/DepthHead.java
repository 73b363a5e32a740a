package io.depthstream.trainer.model;

import io.depthstream.core.depth.DepthBins;
import java.util.Locale;

/**
 * What a model's output predicts: one channel of depth (regression, DenseDepth's {@code
 * maxDepth/d}), or K channels of logits over K depth bins (classification, spaced uniformly (UD) or
 * uniformly in log depth (SID) between the model's minimum and maximum depth).
 *
 * @param bins K for the classification kinds, 1 for regression
 */
public record DepthHead(Kind kind, int bins) {

  /** DORN's bin count on KITTI, the default for {@code --bins}. */
  public static final int DEFAULT_BINS = 71;

  /** Regression or classification over bins of one spacing. */
  public enum Kind {
    REGRESSION("regression"),
    SID("sid"),
    UD("ud");

    private final String id;

    Kind(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  public DepthHead {
    if (kind == Kind.REGRESSION && bins != 1) {
      throw new IllegalArgumentException("a regression head has one output, not " + bins);
    }
    if (kind != Kind.REGRESSION && (bins < 2 || bins > DepthBins.MAX_BINS)) {
      throw new IllegalArgumentException(
          "--bins "
              + bins
              + ": a classification head needs 2 to "
              + DepthBins.MAX_BINS
              + " bins; DORN uses "
              + DEFAULT_BINS
              + " on KITTI (--bins "
              + DEFAULT_BINS
              + ")");
    }
  }

  /** DenseDepth's one-channel depth output. */
  public static DepthHead regression() {
    return new DepthHead(Kind.REGRESSION, 1);
  }

  /** K SID bins. */
  public static DepthHead sid(int bins) {
    return new DepthHead(Kind.SID, bins);
  }

  /** K uniformly spaced bins. */
  public static DepthHead uniform(int bins) {
    return new DepthHead(Kind.UD, bins);
  }

  /**
   * The head {@code --head name --bins k} asks for; {@code bins} is ignored for regression.
   *
   * @throws IllegalArgumentException naming the option and its choices
   */
  public static DepthHead of(String name, int bins) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    for (Kind k : Kind.values()) {
      if (k.id.equals(wanted)) {
        return k == Kind.REGRESSION ? regression() : new DepthHead(k, bins);
      }
    }
    throw new IllegalArgumentException(
        "--head '" + name + "' is unknown; use regression, sid (log-spaced bins) or ud (uniform)");
  }

  /**
   * Parses a short form: {@code regression}, {@code sid}, {@code ud} (with {@code defaultBins}), or
   * a classification kind with its bin count, {@code sid71}, {@code ud40}.
   */
  public static DepthHead parse(String spec, int defaultBins) {
    String s = spec.trim().toLowerCase(Locale.ROOT);
    int digits = s.length();
    while (digits > 0 && Character.isDigit(s.charAt(digits - 1))) {
      digits--;
    }
    if (digits == s.length()) {
      return of(s, defaultBins);
    }
    String kind = s.substring(0, digits);
    if (kind.equals(Kind.REGRESSION.id)) {
      throw new IllegalArgumentException(
          "head '" + spec + "': a regression head has no bins; write regression, sid71 or ud71");
    }
    try {
      return of(kind, Integer.parseInt(s.substring(digits)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("head '" + spec + "': bin count is not a number", e);
    }
  }

  public boolean isClassification() {
    return kind != Kind.REGRESSION;
  }

  /** Output channels: 1 or K. */
  public int channels() {
    return bins;
  }

  /** The K bins between {@code minDepth} and {@code maxDepth} metres (classification only). */
  public DepthBins depthBins(double minDepth, double maxDepth) {
    return switch (kind) {
      case SID -> DepthBins.sid(bins, minDepth, maxDepth);
      case UD -> DepthBins.uniform(bins, minDepth, maxDepth);
      case REGRESSION -> throw new IllegalStateException("a regression head has no depth bins");
    };
  }

  /** Short form, {@link #parse} reads it back: {@code regression}, {@code sid71}, {@code ud40}. */
  public String id() {
    return isClassification() ? kind.id + bins : kind.id;
  }
}
