package io.depthstream.trainer.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameters that behave like trained ones for tests that compare two networks' predictions:
 * He-normal kernels and biases away from zero, so every layer shifts the output (distinct small
 * values would overflow through a deep network); the network's zero-start convs as a fresh network
 * has them.
 */
public final class TrainedLikeParameters {

  private TrainedLikeParameters() {}

  public static ModelParameters of(Network network, long seed) {
    ModelParameters params = ModelParameters.initialise(network, DataType.FLOAT, seed);
    Nd4j.getRandom().setSeed(seed + 1);
    params.asMap().entrySet().stream()
        .filter(e -> e.getKey().endsWith("/bias"))
        .filter(e -> !network.zeroStart().contains(e.getKey().replace("/bias", "")))
        .forEach(
            e -> e.getValue().assign(Nd4j.rand(DataType.FLOAT, e.getValue().shape()).subi(0.5)));
    return params;
  }
}
