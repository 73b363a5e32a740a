package io.depthstream.trainer.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * DenseDepth's decoder (arXiv 1812.11941, layer names as in the authors' Keras code): a 1×1 conv to
 * {@code width} channels, then four up-blocks [2× bilinear upsample, concat skip, 3×3 conv,
 * LeakyReLU 0.2, 3×3 conv, LeakyReLU 0.2] with width/2, /4, /8, /16 channels, then a 3×3 conv to
 * one channel (or to K bin logits for a classification head) at half the input resolution.
 *
 * <p>With {@code refineWidth} above 0 (this project's addition, not the paper's) a refinement stage
 * follows and the output is at the <b>full</b> input resolution: DenseDepth's half-resolution
 * output enlarged 2× bilinearly, plus a residual computed at full resolution from that enlarged
 * depth, the last up-block's features enlarged alike, and the input image itself: [concat, 3×3 conv
 * to {@code refineWidth} channels, LeakyReLU 0.2, 3×3 conv to the output's channels, add]. The
 * image is the only full-resolution signal the network has, so the stage can put a depth edge on
 * the colour edge under it instead of between two output pixels. Its last conv starts at zero (see
 * {@link Network#zeroStart()}), so the stage starts as plain bilinear enlargement: a bundle trained
 * without it gains it without changing what it predicts.
 */
public record DenseDepthDecoder(int width, int refineWidth) {

  /** Name of the half-resolution depth output (the network's output without refinement). */
  public static final String OUTPUT = "conv3";

  /** Name of the first conv, the 1×1 to {@code width} channels: its filters are the width. */
  public static final String ENTRY = "conv2";

  /** Name of the refinement stage's first conv: its filters are the refinement width. */
  public static final String REFINE_ENTRY = "refine_convA";

  /** Name of the full-resolution output of a decoder with refinement. */
  public static final String REFINED_OUTPUT = "refine";

  /** Name of the refinement stage's last conv, whose kernel starts at zero. */
  static final String REFINE_RESIDUAL = "refine_convB";

  /**
   * The refinement stage learns at this multiple of the run's rate. It is small (a few thousand
   * weights) and, when added to a trained network, new: at a fine-tuning rate of 5e-5 its
   * zero-start conv had grown to at most 0.005 after 1,000 steps (models/README.md, {@code rf16}),
   * so it would stay plain enlargement; at 20× it learns at 1e-3, Adam's usual rate from scratch.
   */
  public static final double REFINE_RATE_SCALE = 20;

  /** Whether a parameter belongs to the refinement stage. */
  public static boolean inRefinementStage(String parameter) {
    return parameter.startsWith("refine_");
  }

  /** DenseDepth's decoder as the paper has it, output at half the input resolution. */
  public DenseDepthDecoder(int width) {
    this(width, 0);
  }

  public DenseDepthDecoder {
    if (width < 16) {
      throw new IllegalArgumentException(
          "decoder width must be at least 16 (it is halved four times), got " + width);
    }
    if (refineWidth < 0) {
      throw new IllegalArgumentException(
          "refinement width must be 0 (none) or positive, got " + refineWidth);
    }
  }

  /** The whole DenseDepth network on top of {@code encoder}, one output channel. */
  public Network network(DenseNetEncoder encoder) {
    return network(encoder, 1);
  }

  /** The whole network with {@code outputChannels} channels out of its last conv. */
  public Network network(DenseNetEncoder encoder, int outputChannels) {
    List<Layer> layers = new ArrayList<>(encoder.layers());
    layers.add(new Layer.Conv(ENTRY, DenseNetEncoder.OUTPUT, width, 1, 1, 0, true));
    String x = ENTRY;
    List<String> skips = DenseNetEncoder.SKIPS;
    for (int i = 1; i <= 4; i++) {
      String up = "up" + i;
      int filters = width >> i;
      layers.add(new Layer.Upsample(up + "_upsampling2d", x));
      layers.add(new Layer.Concat(up + "_concat", List.of(up + "_upsampling2d", skips.get(4 - i))));
      layers.add(new Layer.Conv(up + "_convA", up + "_concat", filters, 3, 1, 1, true));
      layers.add(new Layer.LeakyRelu(up + "_leakyreluA", up + "_convA", 0.2));
      layers.add(new Layer.Conv(up + "_convB", up + "_leakyreluA", filters, 3, 1, 1, true));
      layers.add(new Layer.LeakyRelu(up + "_leakyreluB", up + "_convB", 0.2));
      x = up + "_leakyreluB";
    }
    layers.add(new Layer.Conv(OUTPUT, x, outputChannels, 3, 1, 1, true));
    String name = "densedepth-" + encoder.name();
    if (refineWidth == 0) {
      return new Network(name, layers, OUTPUT, 32);
    }
    layers.add(new Layer.Upsample("refine_depth", OUTPUT));
    layers.add(new Layer.Upsample("refine_features", x));
    layers.add(
        new Layer.Concat(
            "refine_concat", List.of("refine_depth", "refine_features", Network.INPUT)));
    layers.add(new Layer.Conv(REFINE_ENTRY, "refine_concat", refineWidth, 3, 1, 1, true));
    layers.add(new Layer.LeakyRelu("refine_leakyreluA", REFINE_ENTRY, 0.2));
    layers.add(new Layer.Conv(REFINE_RESIDUAL, "refine_leakyreluA", outputChannels, 3, 1, 1, true));
    layers.add(new Layer.Add(REFINED_OUTPUT, List.of("refine_depth", REFINE_RESIDUAL)));
    return new Network(name + "-refined", layers, REFINED_OUTPUT, 32, Set.of(REFINE_RESIDUAL));
  }
}
