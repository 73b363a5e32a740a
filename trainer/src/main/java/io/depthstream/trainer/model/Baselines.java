package io.depthstream.trainer.model;

import java.util.ArrayList;
import java.util.List;

/**
 * The two seed baselines the DenseDepth models are compared with. Both end at half the input
 * resolution, like DenseDepth, so every model is trained and scored on the same targets.
 */
public final class Baselines {

  private Baselines() {}

  /**
   * A plain encoder-decoder: three stride-2 3×3 convs (32, 64, 128, ReLU) down to 1/8, two stride-2
   * transposed convs (64, 32, ReLU) back to 1/2 and a stride-1 transposed conv to one channel.
   */
  public static Network plainEncoderDecoder() {
    List<Layer> l = new ArrayList<>();
    String x = Network.INPUT;
    int[] down = {32, 64, 128};
    for (int i = 0; i < down.length; i++) {
      String n = "enc" + (i + 1);
      l.add(new Layer.Conv(n + "_conv", x, down[i], 3, 2, 1, true));
      l.add(new Layer.Relu(n + "_relu", n + "_conv"));
      x = n + "_relu";
    }
    int[] up = {64, 32};
    for (int i = 0; i < up.length; i++) {
      String n = "dec" + (i + 1);
      l.add(new Layer.ConvTranspose(n + "_deconv", x, up[i], 2, 2, 0, true));
      l.add(new Layer.Relu(n + "_relu", n + "_deconv"));
      x = n + "_relu";
    }
    l.add(new Layer.ConvTranspose("dec3_deconv", x, 1, 3, 1, 1, true));
    return new Network("baseline-conv", l, "dec3_deconv", 8);
  }

  /**
   * A CNN with batch norm: three [3×3 conv, BN, ReLU, 2×2 max-pool] stages (32, 64, 128) down to
   * 1/8, two [2×2 stride-2 transposed conv, BN, ReLU] stages (64, 32) up to 1/2, and a 3×3 conv to
   * one channel.
   */
  public static Network batchNormCnn() {
    List<Layer> l = new ArrayList<>();
    String x = Network.INPUT;
    int[] down = {32, 64, 128};
    for (int i = 0; i < down.length; i++) {
      String n = "block" + (i + 1);
      l.add(new Layer.Conv(n + "_conv", x, down[i], 3, 1, 1, false));
      l.add(new Layer.BatchNorm(n + "_bn", n + "_conv", 1e-3));
      l.add(new Layer.Relu(n + "_relu", n + "_bn"));
      l.add(new Layer.MaxPool(n + "_pool", n + "_relu", 2, 2, 0));
      x = n + "_pool";
    }
    int[] up = {64, 32};
    for (int i = 0; i < up.length; i++) {
      String n = "up" + (i + 1);
      l.add(new Layer.ConvTranspose(n + "_deconv", x, up[i], 2, 2, 0, false));
      l.add(new Layer.BatchNorm(n + "_bn", n + "_deconv", 1e-3));
      l.add(new Layer.Relu(n + "_relu", n + "_bn"));
      x = n + "_relu";
    }
    l.add(new Layer.Conv("head_conv", x, 1, 3, 1, 1, true));
    return new Network("baseline-bn", l, "head_conv", 8);
  }
}
