package io.depthstream.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bottleneck ResNet (He et al. 2016) without the classifier, made atrous as in DeepLab v2 (Chen
 * et al., arXiv 1606.00915): the last stages keep their resolution and dilate their 3×3 convs
 * instead, so the output is at 1/{@code outputStride} of the input rather than 1/32.
 *
 * <p>Structure and parameters follow torchvision's {@code resnet50/101} (3×3 stride on the middle
 * conv, convs without bias, batch norm ε = 1e-5), so its trainable parameter count equals
 * torchvision's without {@code fc}; layer names follow Keras' ResNet ({@code conv2_block1_1_conv},
 * {@code conv2_block1_0_conv} for the projection shortcut, {@code conv2_block1_out}). Every block
 * of a dilated stage uses the stage's rate (DeepLab's layout; torchvision keeps the previous rate
 * in a stage's first block, which changes no shapes and no parameter counts).
 *
 * @param blocks bottleneck blocks per stage conv2..conv5 (3/4/6/3 for ResNet-50, 3/4/23/3 for 101)
 * @param stemFilters filters of the 7×7 stem conv (64)
 * @param baseWidth bottleneck width of the first stage (64); stage s uses {@code baseWidth·2^s} and
 *     outputs four times that
 * @param outputStride 8 (conv4 dilated 2, conv5 dilated 4, DeepLab v2), 16 (conv5 dilated 2) or 32
 *     (the plain ResNet)
 */
public record ResNetEncoder(
    String name, int[] blocks, int stemFilters, int baseWidth, int outputStride) {

  /** torchvision's batch-norm epsilon. */
  public static final double BN_EPSILON = 1e-5;

  /** Channel expansion of a bottleneck block's last 1×1 conv. */
  public static final int EXPANSION = 4;

  public static ResNetEncoder resNet50(int outputStride) {
    return new ResNetEncoder("resnet50", new int[] {3, 4, 6, 3}, 64, 64, outputStride);
  }

  public static ResNetEncoder resNet101(int outputStride) {
    return new ResNetEncoder("resnet101", new int[] {3, 4, 23, 3}, 64, 64, outputStride);
  }

  /** One block per stage and narrow layers, for tests and smoke runs; output stride 8. */
  public static ResNetEncoder tiny() {
    return new ResNetEncoder("resnet-tiny", new int[] {1, 1, 1, 1}, 16, 8, 8);
  }

  public ResNetEncoder {
    if (blocks.length != 4 || Arrays.stream(blocks).anyMatch(b -> b < 1)) {
      throw new IllegalArgumentException(
          "a ResNet has four stages of at least one block, got " + Arrays.toString(blocks));
    }
    if (outputStride != 8 && outputStride != 16 && outputStride != 32) {
      throw new IllegalArgumentException(
          "output stride must be 8, 16 or 32 (DeepLab v2 uses 8), got " + outputStride);
    }
    blocks = blocks.clone();
  }

  @Override
  public int[] blocks() {
    return blocks.clone();
  }

  /** Channels of the encoder output (2048 for ResNet-50/101). */
  public int outputChannels() {
    return baseWidth * 8 * EXPANSION;
  }

  /** Name of the encoder output, the last block's ReLU. */
  public String output() {
    return "conv5_block" + blocks[3] + "_out";
  }

  /** The encoder's layers, reading {@link Network#INPUT}. */
  public List<Layer> layers() {
    List<Layer> out = new ArrayList<>();
    out.add(new Layer.Conv("conv1_conv", Network.INPUT, stemFilters, 7, 2, 3, false));
    out.add(new Layer.BatchNorm("conv1_bn", "conv1_conv", BN_EPSILON));
    out.add(new Layer.Relu("conv1_relu", "conv1_bn"));
    out.add(new Layer.MaxPool("pool1_pool", "conv1_relu", 3, 2, 1));
    String x = "pool1_pool";
    int channels = stemFilters;
    for (int s = 0; s < 4; s++) {
      int width = baseWidth << s;
      // a stage halves the resolution only while that stays within the output stride; past it,
      // it keeps the resolution and dilates instead
      int stageStride = s > 0 && plainStride(s) <= outputStride ? 2 : 1;
      int dilation = Math.max(1, plainStride(s) / outputStride);
      for (int b = 1; b <= blocks[s]; b++) {
        String p = "conv" + (s + 2) + "_block" + b;
        x = bottleneck(out, x, p, channels, width, b == 1 ? stageStride : 1, dilation);
        channels = width * EXPANSION;
      }
    }
    return out;
  }

  /** Stride of stage {@code s} (0 = conv2) in the plain ResNet: 4, 8, 16, 32. */
  private static int plainStride(int s) {
    return 4 << s;
  }

  private String bottleneck(
      List<Layer> out, String x, String p, int in, int width, int stride, int dilation) {
    int expanded = width * EXPANSION;
    out.add(new Layer.Conv(p + "_1_conv", x, width, 1, 1, 0, false));
    out.add(new Layer.BatchNorm(p + "_1_bn", p + "_1_conv", BN_EPSILON));
    out.add(new Layer.Relu(p + "_1_relu", p + "_1_bn"));
    out.add(
        new Layer.Conv(p + "_2_conv", p + "_1_relu", width, 3, stride, dilation, false, dilation));
    out.add(new Layer.BatchNorm(p + "_2_bn", p + "_2_conv", BN_EPSILON));
    out.add(new Layer.Relu(p + "_2_relu", p + "_2_bn"));
    out.add(new Layer.Conv(p + "_3_conv", p + "_2_relu", expanded, 1, 1, 0, false));
    out.add(new Layer.BatchNorm(p + "_3_bn", p + "_3_conv", BN_EPSILON));
    String shortcut = x;
    if (stride != 1 || in != expanded) {
      out.add(new Layer.Conv(p + "_0_conv", x, expanded, 1, stride, 0, false));
      out.add(new Layer.BatchNorm(p + "_0_bn", p + "_0_conv", BN_EPSILON));
      shortcut = p + "_0_bn";
    }
    out.add(new Layer.Add(p + "_add", List.of(shortcut, p + "_3_bn")));
    out.add(new Layer.Relu(p + "_out", p + "_add"));
    return p + "_out";
  }

  /** The encoder alone as a network, its output at 1/{@code outputStride}. */
  public Network network() {
    return new Network(name, layers(), output(), outputStride);
  }
}
