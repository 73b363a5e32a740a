package io.depthstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/** Gradients and values of the pieces DeepLab adds: dilated convs, sums, ×f upsampling. */
class AtrousGradientCheckTest {

  private static INDArray random(long seed, long... shape) {
    Nd4j.getRandom().setSeed(seed);
    return Nd4j.randn(DataType.DOUBLE, shape);
  }

  @Test
  void residualAsppStackGradientsMatchFiniteDifferences() {
    Network net =
        new Network(
            "atrous-check",
            List.of(
                new Layer.Conv("c1", Network.INPUT, 4, 3, 2, 1, false),
                new Layer.BatchNorm("b1", "c1", 1e-3),
                new Layer.Relu("r1", "b1"),
                new Layer.Conv("c2", "r1", 4, 3, 1, 2, false, 2),
                new Layer.Add("res", List.of("r1", "c2")),
                new Layer.Conv("a1", "res", 3, 3, 1, 1, true, 1),
                new Layer.Conv("a3", "res", 3, 3, 1, 3, true, 3),
                new Layer.Add("sum", List.of("a1", "a3")),
                new Layer.Upsample("up", "sum", 4)),
            "up",
            2);
    ModelParameters params = ModelParameters.initialise(net, DataType.DOUBLE, 11);
    NetworkGraph g = NetworkGraph.build(net, params, NetworkGraph.Mode.TRAINING, 8, 8);
    assertThat(g.output().eval(Map.of(Network.INPUT, random(10, 2, 3, 8, 8))).shape())
        .containsExactly(2, 3, 16, 16);
    SameDiff sd = g.sameDiff();
    g.output().mul(sd.constant(random(9, 2, 3, 16, 16))).sum("loss");
    Map<String, INDArray> feed = Map.of(Network.INPUT, random(10, 2, 3, 8, 8));
    FiniteDifferences.check(sd, "loss", feed, 3, net.trainableParameters().toArray(String[]::new));
  }

  @Test
  void dilatedConvSamplesTapsRatePixelsApart() {
    // a 3x3 kernel with only its top-left tap set, dilation 2, padding 2: y(i,j) = x(i-2, j-2)
    Network net =
        new Network(
            "dilated", List.of(new Layer.Conv("c", Network.INPUT, 1, 3, 1, 2, false, 2)), "c", 1);
    INDArray kernel = Nd4j.zeros(DataType.DOUBLE, 3, 3, 3, 1);
    kernel.putScalar(new long[] {0, 0, 0, 0}, 1.0);
    ModelParameters params = ModelParameters.of(net, Map.of("c/kernel", kernel));
    NetworkGraph g = NetworkGraph.build(net, params, NetworkGraph.Mode.INFERENCE, 5, 5);
    INDArray x = Nd4j.arange(75).castTo(DataType.DOUBLE).reshape(1, 3, 5, 5);
    INDArray y = g.output().eval(Map.of(Network.INPUT, x));
    assertThat(y.shape()).containsExactly(1, 1, 5, 5);
    assertThat(y.getDouble(0, 0, 3, 4)).isEqualTo(x.getDouble(0, 0, 1, 2));
    assertThat(y.getDouble(0, 0, 1, 4)).isZero();
  }

  @Test
  void phaseDecompositionEqualsTheNativeDilatedConvolution() {
    // the reference is ND4J's own dilated conv2d, which runs only with the oneDNN helpers off
    for (int dilation : new int[] {2, 3, 5, 12}) {
      Layer.Conv conv = new Layer.Conv("c", "x", 4, 3, 1, dilation, true, dilation);
      Nd4j.getRandom().setSeed(dilation);
      INDArray x = Nd4j.randn(DataType.FLOAT, 2, 3, 7, 9);
      INDArray kernel = Nd4j.randn(DataType.FLOAT, 3, 3, 3, 4);
      INDArray bias = Nd4j.randn(DataType.FLOAT, 4);

      SameDiff sd = SameDiff.create();
      SDVariable y =
          AtrousConvolution.apply(
              sd,
              conv,
              sd.constant(x),
              sd.constant(kernel),
              sd.constant(bias),
              new TensorShape(3, 7, 9));
      INDArray phased = y.eval();

      INDArray reference;
      boolean helpers = Nd4j.getEnvironment().helpersAllowed();
      Nd4j.getEnvironment().allowHelpers(false);
      try {
        SameDiff native2d = SameDiff.create();
        reference =
            native2d
                .cnn()
                .conv2d(
                    native2d.constant(x),
                    native2d.constant(kernel),
                    native2d.constant(bias),
                    Conv2DConfig.builder()
                        .kH(3)
                        .kW(3)
                        .sH(1)
                        .sW(1)
                        .pH(dilation)
                        .pW(dilation)
                        .dH(dilation)
                        .dW(dilation)
                        .paddingMode(PaddingMode.VALID)
                        .dataFormat("NCHW")
                        .build())
                .eval();
      } finally {
        Nd4j.getEnvironment().allowHelpers(helpers);
      }
      assertThat(phased.shape()).containsExactly(2, 4, 7, 9);
      assertThat(phased.sub(reference).amaxNumber().doubleValue())
          .as("dilation %d", dilation)
          .isLessThan(1e-4);
    }
  }

  @Test
  void stridedDilatedConvolutionIsRefused() {
    Network net =
        new Network(
            "strided", List.of(new Layer.Conv("c", Network.INPUT, 1, 3, 2, 2, false, 2)), "c", 2);
    ModelParameters params = ModelParameters.initialise(net, DataType.FLOAT, 1);
    assertThatThrownBy(() -> NetworkGraph.build(net, params, NetworkGraph.Mode.INFERENCE, 8, 8))
        .hasMessageContaining("c: a dilated convolution here must keep the size");
  }

  @Test
  void fourTimesUpsamplingUsesHalfPixelCentres() {
    // output j samples (j + 0.5)/4 - 0.5: j = 3 → 0.375, j = 4 → 0.625; clamped at both ends
    double[][] m = BilinearUpsampling.matrix(2, 4);
    assertThat(m[0]).containsExactly(1.0, 1.0, 0.875, 0.625, 0.375, 0.125, 0.0, 0.0);
    assertThat(m[1]).containsExactly(0.0, 0.0, 0.125, 0.375, 0.625, 0.875, 1.0, 1.0);
    SameDiff sd = SameDiff.create();
    SDVariable x = sd.var("x", random(5, 1, 2, 3, 2));
    SDVariable y =
        BilinearUpsampling.apply(sd, "up", x, new TensorShape(2, 3, 2), 4, DataType.DOUBLE);
    y.mul(sd.constant(random(6, 1, 2, 12, 8))).sum("loss");
    FiniteDifferences.check(sd, "loss", Map.of(), 10, "x");
  }
}
