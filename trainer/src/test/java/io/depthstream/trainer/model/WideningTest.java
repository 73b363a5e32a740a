package io.depthstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** A widened network computes what the trained one did, in both forms of widening. */
class WideningTest {

  private static final int SIZE = 64;

  /** The tiny DenseDepth with its decoder widened from F = 24 to 48. */
  private record TinyWidened(
      Network narrow,
      Network wide,
      ModelParameters trained,
      ModelParameters fresh,
      ModelParameters widened) {

    static TinyWidened make(Widening.Form form) {
      Network narrow = Architecture.DENSEDEPTH_TINY.network(24, DepthHead.regression());
      Network wide = Architecture.DENSEDEPTH_TINY.network(48, DepthHead.regression());
      ModelParameters trained = nonZero(ModelParameters.initialise(narrow, DataType.FLOAT, 1), 11);
      ModelParameters fresh = nonZero(ModelParameters.initialise(wide, DataType.FLOAT, 2), 12);
      return new TinyWidened(
          narrow, wide, trained, fresh, Widening.widen(narrow, trained, wide, fresh, form, 7));
    }
  }

  @ParameterizedTest
  @EnumSource(Widening.Form.class)
  void aWiderDecoderPredictsWhatTheTrainedOneDid(Widening.Form form) {
    TinyWidened t = TinyWidened.make(form);
    INDArray image = Nd4j.rand(DataType.FLOAT, 2, Network.INPUT_CHANNELS, SIZE, SIZE);

    INDArray before = predict(t.narrow(), t.trained(), image);
    INDArray after = predict(t.wide(), t.widened(), image);
    INDArray unrelated = predict(t.wide(), t.fresh(), image);
    assertThat(t.widened().asMap().keySet()).isEqualTo(t.wide().parameterShapes().keySet());
    assertThat(maxAbsDifference(after, before))
        .as("the widened network's depth against the trained one's")
        .isLessThan(1e-4 * before.amaxNumber().doubleValue());
    // the check can fail: a wide network's own weights predict something else entirely
    assertThat(maxAbsDifference(unrelated, before)).isGreaterThan(1e-2);
  }

  @Test
  void zeroFormOldWeightsStayNewChannelsStartFreshAndNothingNewReachesAnOldChannel() {
    TinyWidened t = TinyWidened.make(Widening.Form.ZERO);
    ModelParameters trained = t.trained();
    ModelParameters fresh = t.fresh();
    ModelParameters widened = t.widened();

    // up2_convB: 6 → 12 filters reading up2_leakyreluA, 6 → 12 channels: [3, 3, 12, 12]
    INDArray k = widened.get("up2_convB/kernel");
    INDArray old = trained.get("up2_convB/kernel");
    assertThat(k.shape()).containsExactly(3, 3, 12, 12);
    assertThat(block(k, 0, 6, 0, 6)).isEqualTo(old);
    assertThat(block(k, 6, 12, 0, 6).amaxNumber().doubleValue()).isZero();
    assertThat(block(k, 0, 12, 6, 12))
        .isEqualTo(block(fresh.get("up2_convB/kernel"), 0, 12, 6, 12));
    assertThat(block(k, 0, 12, 6, 12).amaxNumber().doubleValue()).isPositive();
    INDArray bias = widened.get("up2_convB/bias");
    assertThat(bias.get(NDArrayIndex.interval(0, 6))).isEqualTo(trained.get("up2_convB/bias"));
    assertThat(bias.get(NDArrayIndex.interval(6, 12)))
        .isEqualTo(fresh.get("up2_convB/bias").get(NDArrayIndex.interval(6, 12)));
    // the encoder is not widened: every one of its tensors is the trained one
    for (String name : trained.asMap().keySet()) {
      if (!isDecoder(name)) {
        assertThat(widened.get(name)).as(name).isEqualTo(trained.get(name));
      }
    }
  }

  @Test
  void aConcatenationLaysItsInputsChannelsAfterOneAnother() {
    // a: 3 → 5 filters, b: 2 filters, cat = [a, b]: b's old channels 3, 4 now sit at 5, 6
    Network narrow = twoBranches(3);
    Network wide = twoBranches(5);

    Map<String, Widening.Channels> zero = Widening.channels(narrow, wide, Widening.Form.ZERO, 7);
    Map<String, Widening.Channels> copy = Widening.channels(narrow, wide, Widening.Form.COPY, 7);

    assertThat(zero.get("a").source()).containsExactly(0, 1, 2, -1, -1);
    assertThat(zero.get("cat").source()).containsExactly(0, 1, 2, -1, -1, 3, 4);
    assertThat(zero.get("act").source()).containsExactly(0, 1, 2, -1, -1, 3, 4);
    assertThat(zero.get("out").source()).containsExactly(0);
    // the copy form: a's new channels copy its channels 0 and 1 in turn
    assertThat(copy.get("cat").source()).containsExactly(0, 1, 2, 0, 1, 3, 4);
    float[] share = copy.get("cat").share();
    assertThat(share[0] + share[3]).isCloseTo(1f, within(1e-6f));
    assertThat(share[1] + share[4]).isCloseTo(1f, within(1e-6f));
    assertThat(share[0]).isNotEqualTo(share[3]);
    assertThat(share[2]).isEqualTo(1f);
    assertThat(share[5]).isEqualTo(1f);
  }

  @Test
  void copyFormCopiesIncomingWeightsAndSharesOutgoingOnesUnequally() {
    TinyWidened t = TinyWidened.make(Widening.Form.COPY);
    // up2_convB: [3, 3, 6 → 12, 6 → 12]; its input up2_leakyreluA's channel 6 + j copies j
    INDArray k = t.widened().get("up2_convB/kernel");
    INDArray old = t.trained().get("up2_convB/kernel");

    for (int j = 0; j < 6; j++) {
      INDArray own = block(k, j, j + 1, 0, 12);
      INDArray copy = block(k, j + 6, j + 7, 0, 12);
      // an old input's weight, shared between the channel and its copy, into the old outputs
      // (0–5) and into their copies (6–11), which read what the old ones did
      INDArray shared = own.add(copy);
      for (int outputs : new int[] {0, 6}) {
        assertThat(
                block(shared, 0, 1, outputs, outputs + 6)
                    .sub(block(old, j, j + 1, 0, 6))
                    .amaxNumber()
                    .doubleValue())
            .as("input %d, outputs from %d", j, outputs)
            .isLessThan(1e-6);
      }
      assertThat(own).isNotEqualTo(copy);
    }
    INDArray bias = t.widened().get("up2_convB/bias");
    assertThat(bias.get(NDArrayIndex.interval(6, 12))).isEqualTo(t.trained().get("up2_convB/bias"));
  }

  @Test
  void theSkipChannelsOfAWidenedConcatenationKeepTheirWeights() {
    Network narrow = twoBranches(3);
    Network wide = twoBranches(5);
    ModelParameters trained = nonZero(ModelParameters.initialise(narrow, DataType.FLOAT, 1), 11);
    ModelParameters fresh = nonZero(ModelParameters.initialise(wide, DataType.FLOAT, 2), 12);

    INDArray k =
        Widening.widen(narrow, trained, wide, fresh, Widening.Form.ZERO, 7).get("out/kernel");
    INDArray old = trained.get("out/kernel");

    // out reads cat: old channels 0, 1, 2 and (b's) 3, 4, now at 0, 1, 2 and 5, 6; 3 and 4 are new
    assertThat(k.shape()).containsExactly(3, 3, 7, 1);
    assertThat(block(k, 0, 3, 0, 1)).isEqualTo(block(old, 0, 3, 0, 1));
    assertThat(block(k, 5, 7, 0, 1)).isEqualTo(block(old, 3, 5, 0, 1));
    assertThat(block(k, 3, 5, 0, 1).amaxNumber().doubleValue()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Widening.Form.class)
  void aTransposedConvolutionWidensAsAConvolutionDoes(Widening.Form form) {
    // its kernel is stored [kH, kW, cOut, cIn]: the other axis order
    Network narrow = upsampling(3, 2);
    Network wide = upsampling(5, 4);
    ModelParameters trained = nonZero(ModelParameters.initialise(narrow, DataType.FLOAT, 1), 11);
    ModelParameters fresh = nonZero(ModelParameters.initialise(wide, DataType.FLOAT, 2), 12);
    INDArray image = Nd4j.rand(DataType.FLOAT, 1, Network.INPUT_CHANNELS, 16, 16);

    ModelParameters widened = Widening.widen(narrow, trained, wide, fresh, form, 7);

    INDArray before = predict(narrow, trained, image, 16);
    assertThat(maxAbsDifference(predict(wide, widened, image, 16), before))
        .isLessThan(1e-4 * before.amaxNumber().doubleValue());
    assertThat(maxAbsDifference(predict(wide, fresh, image, 16), before)).isGreaterThan(1e-2);
  }

  private static Network upsampling(int convFilters, int transposedFilters) {
    return new Network(
        "upsampling",
        List.of(
            new Layer.Conv("a", Network.INPUT, convFilters, 3, 1, 1, true),
            new Layer.LeakyRelu("a_act", "a", 0.2),
            new Layer.ConvTranspose("t", "a_act", transposedFilters, 2, 2, 0, true),
            new Layer.LeakyRelu("t_act", "t", 0.2),
            new Layer.Conv("out", "t_act", 1, 3, 1, 1, true)),
        "out",
        1);
  }

  @Test
  void onlyChannelCountsMayDifferAndOnlyUpward() {
    Network mini = Architecture.DENSEDEPTH_MINI.network(24, DepthHead.regression());
    Network tiny = Architecture.DENSEDEPTH_TINY.network(24, DepthHead.regression());
    Network wide = Architecture.DENSEDEPTH_TINY.network(48, DepthHead.regression());

    assertThatThrownBy(() -> Widening.channels(tiny, mini, Widening.Form.COPY, 7))
        .hasMessageContaining("differ in more than channel counts");
    assertThatThrownBy(() -> Widening.channels(wide, tiny, Widening.Form.COPY, 7))
        .hasMessageContaining("would shrink from 48 to 24 channels");
    assertThatThrownBy(
            () -> Widening.channels(twoBranches(3), twoBranchesDilated(3), Widening.Form.ZERO, 7))
        .hasMessageContaining("differ in more than channel counts");
  }

  private static Network twoBranches(int aFilters) {
    return twoBranches(aFilters, 1);
  }

  private static Network twoBranchesDilated(int aFilters) {
    return twoBranches(aFilters, 2);
  }

  private static Network twoBranches(int aFilters, int dilation) {
    return new Network(
        "two-branches",
        List.of(
            new Layer.Conv("a", Network.INPUT, aFilters, 3, 1, 1, true),
            new Layer.Conv("b", Network.INPUT, 2, 3, 1, 1, true),
            new Layer.Concat("cat", List.of("a", "b")),
            new Layer.LeakyRelu("act", "cat", 0.2),
            new Layer.Conv("out", "act", 1, 3, 1, dilation, true, dilation)),
        "out",
        1);
  }

  private static boolean isDecoder(String name) {
    return name.startsWith(DenseDepthDecoder.ENTRY + "/")
        || name.startsWith("up")
        || name.startsWith(DenseDepthDecoder.OUTPUT + "/");
  }

  /** Kernel taps for inputs [i0, i1) and outputs [o0, o1) of a [kH, kW, in, out] kernel. */
  private static INDArray block(INDArray kernel, int i0, int i1, int o0, int o1) {
    return kernel
        .get(
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.interval(i0, i1),
            NDArrayIndex.interval(o0, o1))
        .dup();
  }

  /**
   * Biases and betas away from their initial zero, so that a bias that is lost or lands on the
   * wrong channel changes the prediction.
   */
  private static ModelParameters nonZero(ModelParameters params, long seed) {
    Random random = new Random(seed);
    params
        .asMap()
        .forEach(
            (name, a) -> {
              if (name.endsWith("/bias") || name.endsWith(BatchNormParameters.BETA)) {
                for (long i = 0; i < a.length(); i++) {
                  a.putScalar(i, 0.1 * random.nextGaussian());
                }
              }
            });
    return params;
  }

  private static INDArray predict(Network network, ModelParameters params, INDArray image) {
    return predict(network, params, image, SIZE);
  }

  private static INDArray predict(
      Network network, ModelParameters params, INDArray image, int size) {
    NetworkGraph graph =
        NetworkGraph.build(network, params, NetworkGraph.Mode.INFERENCE, size, size);
    return graph
        .sameDiff()
        .output(Map.of(Network.INPUT, image), graph.output().name())
        .get(graph.output().name());
  }

  private static double maxAbsDifference(INDArray a, INDArray b) {
    return a.sub(b).amaxNumber().doubleValue();
  }
}
