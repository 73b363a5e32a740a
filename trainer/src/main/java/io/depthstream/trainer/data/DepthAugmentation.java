package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import java.util.SplittableRandom;

/**
 * DenseDepth's training augmentation: a horizontal flip of image and depth together, and a swap of
 * the colour channels (depth untouched).
 *
 * <p>The paper (§3.3) reports flips with probability 0.5 and channel swaps with probability 0.25;
 * its Keras code calls {@code BasicPolicy(color_change_ratio=0.50, mirror_ratio=0.50)} and its
 * PyTorch code {@code RandomChannelSwap(0.5)}, both drawing from all six channel orders, identity
 * included. {@link #denseDepth} follows the paper: with probability 0.25 the channels take one of
 * the five non-identity orders, uniformly, so 0.25 is the real chance the colours change.
 *
 * <p>Deterministic per seed: what happens to a sample depends only on (seed, epoch, index), not on
 * the order or the thread that asks, so runs repeat exactly.
 */
public record DepthAugmentation(double flipProbability, double channelSwapProbability, long seed) {

  /** The five channel orders other than R,G,B. */
  static final int[][] SWAPS = {{0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};

  public DepthAugmentation {
    checkProbability("flip", flipProbability);
    checkProbability("channel swap", channelSwapProbability);
  }

  /** The paper's setting: flip 0.5, channel swap 0.25. */
  public static DepthAugmentation denseDepth(long seed) {
    return new DepthAugmentation(0.5, 0.25, seed);
  }

  /** No augmentation (validation and test). */
  public static DepthAugmentation none() {
    return new DepthAugmentation(0, 0, 0);
  }

  /** What is done to one sample: mirror or not, and the new channel order (null: unchanged). */
  public record Choice(boolean flip, int[] channelOrder) {}

  /** The draw for sample {@code index} in {@code epoch}. */
  public Choice choose(long epoch, int index) {
    SplittableRandom random =
        new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index);
    boolean flip = random.nextDouble() < flipProbability;
    boolean swap = random.nextDouble() < channelSwapProbability;
    int which = random.nextInt(SWAPS.length);
    return new Choice(flip, swap ? SWAPS[which].clone() : null);
  }

  public DepthSample apply(DepthSample sample, long epoch, int index) {
    Choice choice = choose(epoch, index);
    RgbImage rgb = sample.rgb();
    DepthImage depth = sample.depth();
    if (choice.channelOrder() != null) {
      rgb = permuteChannels(rgb, choice.channelOrder());
    }
    if (choice.flip()) {
      rgb = mirror(rgb);
      depth = mirror(depth);
    }
    return rgb == sample.rgb() && depth == sample.depth()
        ? sample
        : new DepthSample(rgb, depth, sample.source());
  }

  /** Output channel c takes input channel {@code order[c]}, as numpy's {@code img[..., order]}. */
  static RgbImage permuteChannels(RgbImage src, int[] order) {
    byte[] in = src.rgb();
    byte[] out = new byte[in.length];
    for (int p = 0; p < in.length; p += 3) {
      out[p] = in[p + order[0]];
      out[p + 1] = in[p + order[1]];
      out[p + 2] = in[p + order[2]];
    }
    return new RgbImage(src.width(), src.height(), out);
  }

  static RgbImage mirror(RgbImage src) {
    int w = src.width();
    byte[] in = src.rgb();
    byte[] out = new byte[in.length];
    for (int y = 0; y < src.height(); y++) {
      for (int x = 0; x < w; x++) {
        System.arraycopy(in, (y * w + x) * 3, out, (y * w + (w - 1 - x)) * 3, 3);
      }
    }
    return new RgbImage(w, src.height(), out);
  }

  static DepthImage mirror(DepthImage src) {
    int w = src.width();
    float[] in = src.metres();
    float[] out = new float[in.length];
    for (int y = 0; y < src.height(); y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + (w - 1 - x)] = in[y * w + x];
      }
    }
    return new DepthImage(w, src.height(), out);
  }

  private static void checkProbability(String what, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + " probability must lie in [0, 1], got " + p);
    }
  }
}
