package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthBins;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.BinModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code depth_bins} output kind end to end: real K-channel ONNX models ({@link BinModel}) run
 * through ONNX Runtime, decoded by softmax + expectation or argmax, and compared with values worked
 * out by hand; plus the {@code output.bins} object of {@code model.json}. With RGB/255
 * normalisation a uniform grey level {@code v} gives bin scores {@code gains[i]·v/255 + biases[i]}.
 */
class DepthBinsOutputTest {

  private static final EngineOptions CPU =
      EngineOptions.defaults().withDevice(DeviceChoice.CPU).withThreads(1, 1);

  /** Uniform bins over [1, 4] m: edges 1, 2, 3, 4; centres 1.5, 2.5, 3.5. */
  private static final DepthBins UNIFORM_1_4 = DepthBins.uniform(3, 1.0, 4.0);

  /** SID bins over [1, 8] m: edges 1, 2, 4, 8; centres √2, √8, √32. */
  private static final DepthBins SID_1_8 = DepthBins.sid(3, 1.0, 8.0);

  /** Scores 0, 1, 2 for a white frame, 0, 0, 0 for a black one. */
  private static final BinModel RISING =
      binModel(TensorLayout.NCHW, new float[] {0, 1, 2}, new float[3]);

  @TempDir Path dir;

  private static BinModel binModel(TensorLayout layout, float[] gains, float[] biases) {
    return new BinModel(gains, biases, layout, 8, 8);
  }

  private static ModelOutput output(
      DepthBins bins,
      BinnedOutput.Readout readout,
      BinnedOutput.Activation activation,
      double maxDepth) {
    return ModelOutput.depthBins(new BinnedOutput(bins, readout, activation), 0.1, maxDepth);
  }

  private ModelBundle bundle(BinModel model, ModelOutput output) {
    return OnnxTestModels.writeBundle(dir.resolve("bins"), "bins", model, output);
  }

  private static RgbImage grey(int width, int height, int level) {
    RgbImage image = RgbImage.blank(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.set(x, y, level, level, level);
      }
    }
    return image;
  }

  private static void assertUniform(DepthImage depth, double expected) {
    for (float v : depth.metres()) {
      assertThat((double) v).isCloseTo(expected, within(1e-5));
    }
  }

  @Test
  void softmaxExpectationOverThreeUniformBins() {
    ModelBundle bundle =
        bundle(
            RISING,
            output(
                UNIFORM_1_4,
                BinnedOutput.Readout.EXPECTATION,
                BinnedOutput.Activation.SOFTMAX,
                10.0));
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      List<DepthPrediction> out =
          estimator.predictBatch(List.of(grey(16, 12, 255), grey(16, 12, 0)));
      DepthImage white = out.get(0).depth();
      assertThat(out.get(0).relative()).isFalse();
      assertThat(white.width()).isEqualTo(16);
      assertThat(white.height()).isEqualTo(12);
      // softmax(0, 1, 2) = (0.0900306, 0.2447285, 0.6652410);
      // 1.5·0.0900306 + 2.5·0.2447285 + 3.5·0.6652410 = 3.0752104 m.
      assertUniform(white, 3.0752104);
      // Equal logits: equal probabilities, so the mean of the centres, 2.5 m.
      assertUniform(out.get(1).depth(), 2.5);
    }
  }

  @Test
  void argmaxGivesTheCentreOfTheLikeliestSidBinWithNhwcLayout() {
    BinModel model = binModel(TensorLayout.NHWC, new float[3], new float[] {3, 1, -1});
    ModelBundle bundle =
        bundle(
            model,
            output(SID_1_8, BinnedOutput.Readout.ARGMAX, BinnedOutput.Activation.SOFTMAX, 10.0));
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      // Bin 0 scores highest (3): its SID centre is √(1·2) = 1.4142136 m.
      assertUniform(estimator.predict(grey(8, 8, 100)).depth(), 1.4142136);
    }
  }

  @Test
  void softmaxExpectationOverSidBinsWithNhwcLayout() {
    BinModel model = binModel(TensorLayout.NHWC, new float[3], new float[] {3, 1, -1});
    ModelBundle bundle =
        bundle(
            model,
            output(
                SID_1_8, BinnedOutput.Readout.EXPECTATION, BinnedOutput.Activation.SOFTMAX, 10.0));
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      // softmax(3, 1, −1) = (0.8668133, 0.1173104, 0.0158762);
      // √2·0.8668133 + √8·0.1173104 + √32·0.0158762 = 1.6474727 m.
      assertUniform(estimator.predict(grey(8, 8, 100)).depth(), 1.6474727);
    }
  }

  @Test
  void argmaxDepthIsClippedToMaxDepth() {
    ModelBundle bundle =
        bundle(
            RISING,
            output(UNIFORM_1_4, BinnedOutput.Readout.ARGMAX, BinnedOutput.Activation.NONE, 3.0));
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      // Bin 2 (centre 3.5 m) wins, beyond max_depth 3 m.
      assertUniform(estimator.predict(grey(8, 8, 255)).depth(), 3.0);
    }
  }

  @Test
  void probabilitiesAreWeighedAsTheyAreWithoutActivation() {
    BinModel model = binModel(TensorLayout.NCHW, new float[] {0.2f, 0.3f, 0.5f}, new float[3]);
    ModelBundle bundle =
        bundle(
            model,
            output(
                UNIFORM_1_4, BinnedOutput.Readout.EXPECTATION, BinnedOutput.Activation.NONE, 10.0));
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      // 1.5·0.2 + 2.5·0.3 + 3.5·0.5 = 2.8 m.
      assertUniform(estimator.predict(grey(8, 8, 255)).depth(), 2.8);
      // All-zero probabilities weigh nothing: the pixels are invalid, not a crash.
      for (float v : estimator.predict(grey(8, 8, 0)).depth().metres()) {
        assertThat(v).isNaN();
      }
    }
  }

  @Test
  void channelCountOtherThanBinsCountIsALoadError() {
    // Four bins declared, three channels made: the 4×4 map must not pass for 4 bins laid out NHWC.
    ModelBundle bundle =
        bundle(
            RISING,
            output(
                DepthBins.uniform(4, 1.0, 4.0),
                BinnedOutput.Readout.EXPECTATION,
                BinnedOutput.Activation.SOFTMAX,
                10.0));
    assertThatThrownBy(() -> DepthEstimator.open(bundle, CPU).close())
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining(bundle.modelFile().toString())
        .hasMessageContaining("[-1, 3, 4, 4]")
        .hasMessageContaining("output.bins.count = 4")
        .hasMessageContaining("expected 4 channels as [N,4,h,w]");
  }

  @Test
  void softmaxIsStableForHugeLogitsAndNanStaysInvalid() {
    OutputDecoder decoder =
        new OutputDecoder(
            output(
                UNIFORM_1_4,
                BinnedOutput.Readout.EXPECTATION,
                BinnedOutput.Activation.SOFTMAX,
                10.0));
    // Two pixels, bins first: logits (1000, 1001, 1002) and (0, NaN, 0).
    float[] scores = {1000f, 0f, 1001f, Float.NaN, 1002f, 0f};
    float[] depth = decoder.decode(scores, 2, 1, false, 2, 1);
    // exp(1002) overflows a double; shifted by the largest logit it is softmax(0, 1, 2) again.
    assertThat((double) depth[0]).isCloseTo(3.0752104, within(1e-5));
    assertThat(depth[1]).isNaN();
  }

  @Test
  void binsSurviveAJsonRoundTrip() throws IOException {
    ModelOutput declared =
        output(SID_1_8, BinnedOutput.Readout.ARGMAX, BinnedOutput.Activation.NONE, 8.0);
    ModelBundle written = bundle(RISING, declared);
    assertThat(written.output()).isEqualTo(declared);
    String text = Files.readString(written.directory().resolve("model.json"));
    assertThat(text)
        .contains("\"kind\" : \"depth_bins\"")
        .contains("\"spacing\" : \"sid\"")
        .contains("\"count\" : 3")
        .contains("\"decode\" : \"argmax\"")
        .contains("\"activation\" : \"none\"");
    ModelBundle copy = written.write(dir.resolve("copy"));
    assertThat(ModelBundle.load(dir.resolve("copy"))).isEqualTo(copy);
  }

  private Path binsJson() {
    bundle(
        RISING,
        output(
            UNIFORM_1_4, BinnedOutput.Readout.EXPECTATION, BinnedOutput.Activation.SOFTMAX, 10.0));
    return dir.resolve("bins").resolve("model.json");
  }

  private static void rewrite(Path json, String from, String to) throws IOException {
    String text = Files.readString(json, StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(json, text.replace(from, to), StandardCharsets.UTF_8);
  }

  private static void assertLoadFails(Path json, String... fragments) {
    assertThatThrownBy(() -> ModelBundle.load(json))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining(json.toString())
        .hasMessageContainingAll(fragments);
  }

  @Test
  void unknownBinsFieldIsRefused() throws IOException {
    Path json = binsJson();
    rewrite(json, "\"count\" : 3", "\"count\" : 3, \"temperature\" : 2.0");
    assertLoadFails(
        json, "'output.bins.temperature' is not a model.json field", "activation, alpha");
  }

  @Test
  void missingBinsFieldIsNamed() throws IOException {
    Path json = binsJson();
    rewrite(json, "\"count\" : 3,", "");
    assertLoadFails(json, "'output.bins.count' is missing");
  }

  @Test
  void badBinsNamesListTheChoices() throws IOException {
    Path json = binsJson();
    rewrite(json, "\"spacing\" : \"uniform\"", "\"spacing\" : \"log\"");
    assertLoadFails(json, "'output.bins.spacing' is invalid", "'log'", "uniform, sid");
    rewrite(json, "\"spacing\" : \"log\"", "\"spacing\" : \"uniform\"");
    rewrite(json, "\"decode\" : \"expectation\"", "\"decode\" : \"median\"");
    assertLoadFails(json, "'output.bins.decode' is invalid", "expectation, argmax");
    rewrite(json, "\"decode\" : \"median\"", "\"decode\" : \"expectation\"");
    rewrite(json, "\"activation\" : \"softmax\"", "\"activation\" : \"sigmoid\"");
    assertLoadFails(json, "'output.bins.activation' is invalid", "softmax, none");
  }

  @Test
  void badBinRangeAndCountAreExplained() throws IOException {
    Path json = binsJson();
    rewrite(json, "\"alpha\" : 1.0", "\"alpha\" : 5.0");
    assertLoadFails(json, "'output.bins' is invalid", "0 < α < β");
    rewrite(json, "\"alpha\" : 5.0", "\"alpha\" : 1.0");
    rewrite(json, "\"count\" : 3", "\"count\" : 1.5");
    assertLoadFails(json, "'output.bins.count' must be a whole number");
  }

  @Test
  void binsBelongToDepthBinsOnly() throws IOException {
    Path json = binsJson();
    rewrite(json, "\"kind\" : \"depth_bins\"", "\"kind\" : \"depth_m\"");
    assertLoadFails(json, "'output.bins' applies to kind depth_bins only, not depth_m");
    String text = Files.readString(json, StandardCharsets.UTF_8);
    String withoutBins = text.replaceAll(",\\s*\"bins\"\\s*:\\s*\\{[^}]*\\}", "");
    Files.writeString(
        json, withoutBins.replace("\"kind\" : \"depth_m\"", "\"kind\" : \"depth_bins\""));
    assertLoadFails(json, "'output.bins' is missing", "spacing, count, alpha, beta");
  }
}
