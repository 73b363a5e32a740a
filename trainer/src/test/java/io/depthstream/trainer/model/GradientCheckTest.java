package io.depthstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientCheckTest {

  private static INDArray random(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.DOUBLE, shape);
  }

  @Test
  void batchNormGradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", random(1, 2, 3, 4, 5).mul(2).add(1));
    SDVariable gamma = sd.var("gamma", random(2, 3).add(1));
    SDVariable beta = sd.var("beta", random(3, 3));
    SDVariable y = BatchNormBlock.training(sd, "bn", x, gamma, beta, 1e-3);
    // a random projection, because sum(BN(x)) does not depend on x at all
    y.mul(sd.constant(random(4, 2, 3, 4, 5))).sum("loss");
    FiniteDifferences.check(sd, "loss", Map.of(), 20, "x", "gamma", "beta");
  }

  @Test
  void batchNormNormalisesEachChannelOverBatchAndSpace() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", random(1, 4, 2, 3, 3).mul(5).add(3));
    SDVariable gamma = sd.var("gamma", Nd4j.createFromArray(1.0, 2.0));
    SDVariable beta = sd.var("beta", Nd4j.createFromArray(0.0, -1.0));
    BatchNormBlock.training(sd, "bn", x, gamma, beta, 1e-9);
    Map<String, INDArray> out = sd.output(Map.of(), "bn");
    INDArray y = out.get("bn");
    INDArray channel1 =
        y.get(
            org.nd4j.linalg.indexing.NDArrayIndex.all(),
            org.nd4j.linalg.indexing.NDArrayIndex.point(1));
    assertThat(channel1.meanNumber().doubleValue())
        .isCloseTo(-1.0, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(channel1.stdNumber().doubleValue() * Math.sqrt((36 - 1) / 36.0))
        .isCloseTo(2.0, org.assertj.core.data.Offset.offset(1e-6));
  }

  @Test
  void bilinearMatrixMatchesHandComputedWeights() {
    // input [1, 2] upsampled with half-pixel centres: [1, 1.25, 1.75, 2]
    double[][] m = BilinearUpsampling.matrix(2);
    assertThat(m[0]).containsExactly(1.0, 0.75, 0.25, 0.0);
    assertThat(m[1]).containsExactly(0.0, 0.25, 0.75, 1.0);
  }

  @Test
  void bilinearUpsamplingInterpolatesBothAxes() {
    SameDiff sd = SameDiff.create();
    SDVariable x =
        sd.var("x", Nd4j.createFromArray(new double[][] {{0, 4}, {8, 12}}).reshape(1, 1, 2, 2));
    BilinearUpsampling.apply(sd, "up", x, new TensorShape(1, 2, 2), DataType.DOUBLE);
    INDArray y = sd.output(Map.of(), "up").get("up");
    assertThat(y.shape()).containsExactly(1, 1, 4, 4);
    // row 1 samples source row 0.25; column 2 samples source column 0.75
    assertThat(y.getDouble(0, 0, 1, 2))
        .isEqualTo(0.75 * (0.75 * 4 + 0.25 * 0) + 0.25 * (0.75 * 12 + 0.25 * 8));
    assertThat(y.getDouble(0, 0, 0, 0)).isEqualTo(0.0);
    assertThat(y.getDouble(0, 0, 3, 3)).isEqualTo(12.0);
  }

  @Test
  void bilinearUpsamplingGradientsMatchFiniteDifferences() {
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", random(5, 2, 3, 3, 4));
    SDVariable y = BilinearUpsampling.apply(sd, "up", x, new TensorShape(3, 3, 4), DataType.DOUBLE);
    y.mul(sd.constant(random(6, 2, 3, 6, 8))).sum("loss");
    FiniteDifferences.check(sd, "loss", Map.of(), 12, "x");
  }

  @Test
  void smallConvStackGradientsMatchFiniteDifferences() {
    Network net =
        new Network(
            "grad-check",
            List.of(
                new Layer.Conv("c1", Network.INPUT, 4, 3, 1, 1, true),
                new Layer.BatchNorm("b1", "c1", 1e-3),
                new Layer.LeakyRelu("a1", "b1", 0.2),
                new Layer.AvgPool("p1", "a1", 2, 2),
                new Layer.Conv("c2", "p1", 3, 3, 2, 1, false),
                new Layer.Upsample("u1", "c2"),
                new Layer.Concat("cat", List.of("u1", "p1")),
                new Layer.ConvTranspose("t1", "cat", 2, 2, 2, 0, true),
                new Layer.Conv("out", "t1", 1, 3, 1, 1, true)),
            "out",
            4);
    ModelParameters params = ModelParameters.initialise(net, DataType.DOUBLE, 11);
    NetworkGraph g = NetworkGraph.build(net, params, NetworkGraph.Mode.TRAINING, 8, 8);
    SameDiff sd = g.sameDiff();
    g.output().mul(sd.constant(random(9, 2, 1, 8, 8))).sum("loss");
    Map<String, INDArray> feed = Map.of(Network.INPUT, random(10, 2, 3, 8, 8));
    FiniteDifferences.check(sd, "loss", feed, 3, net.trainableParameters().toArray(String[]::new));
  }
}
