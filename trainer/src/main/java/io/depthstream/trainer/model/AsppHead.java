package io.depthstream.trainer.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * DeepLab v2's atrous spatial pyramid pooling head (ASPP-L, arXiv 1606.00915): parallel 3×3 convs
 * with bias at several dilation rates, each mapping the encoder output straight to the output
 * channels, summed, then upsampled bilinearly from 1/outputStride to half the input, the resolution
 * every model here predicts at.
 *
 * @param rates dilation rates of the branches (6/12/18/24 in DeepLab v2)
 */
public record AsppHead(int[] rates) {

  /** Name of the network output, the upsampled sum of the branches. */
  public static final String OUTPUT = "aspp_upsampling";

  /** DeepLab v2's ASPP-L rates. */
  public static AsppHead deepLabV2() {
    return new AsppHead(new int[] {6, 12, 18, 24});
  }

  public AsppHead {
    if (rates.length < 2 || Arrays.stream(rates).anyMatch(r -> r < 1)) {
      throw new IllegalArgumentException(
          "ASPP needs at least two branches with rates ≥ 1, got " + Arrays.toString(rates));
    }
    rates = rates.clone();
  }

  @Override
  public int[] rates() {
    return rates.clone();
  }

  /** Encoder, ASPP to {@code channels} and upsampling, as one network named {@code name}. */
  public Network network(String name, ResNetEncoder encoder, int channels) {
    List<Layer> layers = new ArrayList<>(encoder.layers());
    List<String> branches = new ArrayList<>();
    for (int rate : rates) {
      String branch = "aspp_rate" + rate;
      // padding = rate keeps the size: a dilated 3×3 kernel spans 2·rate + 1 pixels
      layers.add(new Layer.Conv(branch, encoder.output(), channels, 3, 1, rate, true, rate));
      branches.add(branch);
    }
    layers.add(new Layer.Add("aspp_sum", branches));
    layers.add(new Layer.Upsample(OUTPUT, "aspp_sum", encoder.outputStride() / 2));
    return new Network(name, layers, OUTPUT, encoder.outputStride());
  }
}
