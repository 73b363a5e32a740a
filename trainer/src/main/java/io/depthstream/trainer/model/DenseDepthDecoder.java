package io.depthstream.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * DenseDepth's decoder (arXiv 1812.11941, layer names as in the authors' Keras code): a 1×1 conv to
 * {@code width} channels, then four up-blocks [2× bilinear upsample, concat skip, 3×3 conv,
 * LeakyReLU 0.2, 3×3 conv, LeakyReLU 0.2] with width/2, /4, /8, /16 channels, then a 3×3 conv to
 * one channel (or to K bin logits for a classification head) at half the input resolution.
 */
public record DenseDepthDecoder(int width) {

  /** Name of the depth output. */
  public static final String OUTPUT = "conv3";

  /** Name of the first conv, the 1×1 to {@code width} channels: its filters are the width. */
  public static final String ENTRY = "conv2";

  public DenseDepthDecoder {
    if (width < 16) {
      throw new IllegalArgumentException(
          "decoder width must be at least 16 (it is halved four times), got " + width);
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
    return new Network("densedepth-" + encoder.name(), layers, OUTPUT, 32);
  }
}
