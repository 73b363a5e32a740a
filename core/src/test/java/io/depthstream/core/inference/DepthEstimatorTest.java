package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs real ONNX models (hand-encoded by {@link OnnxTestModels}) through ONNX Runtime and checks
 * the depth against values worked out by hand: a model computes {@code y = gain · mean(RGB)/255 +
 * bias} at half resolution, so a uniform grey level {@code v} gives {@code y = gain·v/255 + bias}.
 */
class DepthEstimatorTest {

  private static final EngineOptions CPU =
      EngineOptions.defaults().withDevice(DeviceChoice.CPU).withThreads(1, 1);
  private static final ModelOutput METRIC = new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0);

  @TempDir Path dir;

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
      assertThat((double) v).isCloseTo(expected, within(1e-4));
    }
  }

  private ModelBundle bundle(MeanModel model, ModelOutput output) {
    return OnnxTestModels.writeBundle(
        dir.resolve("m"), "mean", model, (int) model.width(), (int) model.height(), output);
  }

  @Test
  void metricOutputOfUniformGreyIsGainTimesLevel() {
    ModelBundle bundle = bundle(MeanModel.of(10f, 0.5f, 8, 8), METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      DepthPrediction prediction = estimator.predict(grey(16, 12, 102));
      assertThat(prediction.relative()).isFalse();
      assertThat(prediction.provider()).isEqualTo("CPU");
      assertThat(estimator.provider()).isEqualTo("CPU");
      assertThat(prediction.depth().width()).isEqualTo(16);
      assertThat(prediction.depth().height()).isEqualTo(12);
      // 10 · 102/255 + 0.5 = 4.5 m
      assertUniform(prediction.depth(), 4.5);
      StageTimings t = prediction.timings();
      assertThat(t.batchSize()).isEqualTo(1);
      assertThat(t.preprocessMs()).isPositive();
      assertThat(t.inferenceMs()).isPositive();
      assertThat(t.postprocessMs()).isPositive();
      assertThat(t.totalMs())
          .isCloseTo(t.preprocessMs() + t.inferenceMs() + t.postprocessMs(), within(1e-9));
    }
  }

  @Test
  void withoutSpinningTheSessionPredictsTheSameDepth() {
    ModelBundle bundle = bundle(MeanModel.of(10f, 0.5f, 8, 8), METRIC);
    EngineOptions quiet = CPU.withThreads(2, 1).withIntraOpSpinning(false);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, quiet)) {
      // 10 · 102/255 + 0.5 = 4.5 m, as with ONNX Runtime's spinning threads.
      assertUniform(estimator.predict(grey(16, 12, 102)).depth(), 4.5);
    }
  }

  @Test
  void metricOutputIsClippedToTheBundleRange() {
    ModelBundle bundle = bundle(MeanModel.of(10f, 5f, 8, 8), METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      // 10 · 255/255 + 5 = 15 m, beyond max_depth 10 m.
      assertUniform(estimator.predict(grey(8, 8, 255)).depth(), 10.0);
    }
  }

  @Test
  void inverseNormOutputIsDepthScaleOverY() {
    // y = 100 · v/255: v = 255 → y = 100 → 10/100 = 0.1 m; v = 51 → y = 20 → 0.5 m.
    ModelBundle bundle =
        bundle(
            MeanModel.of(100f, 0f, 8, 8),
            new ModelOutput(OutputKind.DEPTH_INVERSE_NORM, 10.0, 0.1, 10.0));
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      List<DepthPrediction> out =
          estimator.predictBatch(List.of(grey(8, 8, 255), grey(8, 8, 51), grey(8, 8, 0)));
      assertUniform(out.get(0).depth(), 0.1);
      assertUniform(out.get(1).depth(), 0.5);
      // y = 0: nothing nearer than infinity, so the far end of the range.
      assertUniform(out.get(2).depth(), 10.0);
    }
  }

  @Test
  void relativeOutputIsHandedOverRawForAlignment() {
    ModelBundle bundle =
        bundle(
            MeanModel.of(2f, -1f, 8, 8),
            new ModelOutput(OutputKind.INVERSE_RELATIVE, 1.0, 0.1, 80.0));
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      DepthPrediction prediction = estimator.predict(grey(8, 8, 51));
      assertThat(prediction.relative()).isTrue();
      // 2 · 0.2 − 1 = −0.6: negative, unclipped, not metres.
      assertUniform(prediction.relativeInverseDepth(), -0.6);
      assertThatThrownBy(prediction::depth)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("ScaleShiftAlignment");
    }
  }

  @Test
  void halfResolutionOutputIsUpsampledBilinearlyToTheFrame() {
    // 4×2 frame, model input 4×2: left 2×2 block level 51, right block 153. AveragePool gives a
    // 2×1 output y = 10·0.2 = 2 and 10·0.6 = 6; upsampling to 4 columns gives 2, 3, 5, 6 per row.
    RgbImage frame = RgbImage.blank(4, 2);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 4; x++) {
        int v = x < 2 ? 51 : 153;
        frame.set(x, y, v, v, v);
      }
    }
    ModelBundle bundle = bundle(MeanModel.of(10f, 0f, 4, 2), METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      DepthPrediction prediction = estimator.predict(frame);
      assertThat(prediction.depth().metres())
          .containsExactly(new float[] {2f, 3f, 5f, 6f, 2f, 3f, 5f, 6f}, within(1e-4f));
      // The prediction also keeps the model's 2×1 output, from which the frame's map is rebuilt
      // exactly (the service scores from it).
      DepthImage model = prediction.modelResolution();
      assertThat(model.width()).isEqualTo(2);
      assertThat(model.height()).isEqualTo(1);
      assertThat(model.metres()).containsExactly(new float[] {2f, 6f}, within(1e-4f));
      assertThat(DepthUpsampling.toSize(model, 4, 2).metres())
          .containsExactly(prediction.depth().metres());
    }
  }

  @Test
  void flipTestAveragesWithTheMirroredFrameMirroredBack() {
    // The mean model is mirror-symmetric, so flip-averaging must reproduce 2, 3, 5, 6; forgetting
    // to mirror the second prediction back would flatten it to 4, 4, 4, 4.
    RgbImage frame = RgbImage.blank(4, 2);
    for (int y = 0; y < 2; y++) {
      for (int x = 0; x < 4; x++) {
        int v = x < 2 ? 51 : 153;
        frame.set(x, y, v, v, v);
      }
    }
    ModelBundle bundle = bundle(MeanModel.of(10f, 0f, 4, 2), METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU.withFlipTest(true))) {
      DepthPrediction prediction = estimator.predictBatch(List.of(frame, grey(4, 2, 51))).get(0);
      assertThat(prediction.depth().metres())
          .containsExactly(new float[] {2f, 3f, 5f, 6f, 2f, 3f, 5f, 6f}, within(1e-4f));
      assertThat(DepthUpsampling.toSize(prediction.modelResolution(), 4, 2).metres())
          .containsExactly(prediction.depth().metres());
      assertThat(prediction.timings().batchSize()).isEqualTo(2);
    }
  }

  @Test
  void dynamicBatchOfThreeKeepsEachFrameApart() {
    ModelBundle bundle = bundle(MeanModel.of(10f, 0f, 8, 8), METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      List<DepthPrediction> out =
          estimator.predictBatch(List.of(grey(8, 8, 51), grey(10, 6, 102), grey(8, 8, 204)));
      assertThat(out).hasSize(3);
      assertUniform(out.get(0).depth(), 2.0);
      assertUniform(out.get(1).depth(), 4.0);
      assertThat(out.get(1).depth().width()).isEqualTo(10);
      assertThat(out.get(1).depth().height()).isEqualTo(6);
      assertUniform(out.get(2).depth(), 8.0);
      assertThat(out).allSatisfy(p -> assertThat(p.timings().batchSize()).isEqualTo(3));
      // One session.run carried all three.
      assertThat(out.get(0).timings().inferenceMs()).isEqualTo(out.get(2).timings().inferenceMs());
    }
  }

  @Test
  void longListsAreSplitIntoBatchesOfTheConfiguredSize() {
    ModelBundle bundle = bundle(MeanModel.of(10f, 0f, 8, 8), METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU.withMaxBatchSize(2))) {
      List<DepthPrediction> out =
          estimator.predictBatch(List.of(grey(8, 8, 51), grey(8, 8, 102), grey(8, 8, 153)));
      assertThat(out).extracting(p -> p.timings().batchSize()).containsExactly(2, 2, 1);
      assertUniform(out.get(2).depth(), 6.0);
    }
  }

  @Test
  void fixedBatchModelsGetFullBatchesPaddedWithTheLastFrame() {
    ModelBundle bundle = bundle(MeanModel.of(10f, 0f, 8, 8).withShape(2, 8, 8), METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      List<DepthPrediction> out =
          estimator.predictBatch(List.of(grey(8, 8, 51), grey(8, 8, 102), grey(8, 8, 153)));
      assertThat(out).hasSize(3);
      assertUniform(out.get(0).depth(), 2.0);
      assertUniform(out.get(1).depth(), 4.0);
      assertUniform(out.get(2).depth(), 6.0);
      assertThat(out).extracting(p -> p.timings().batchSize()).containsExactly(2, 2, 1);
    }
  }

  @Test
  void nhwcInputsAndOutputsGiveTheSameDepthAsNchw() {
    RgbImage frame = RgbImage.blank(8, 4);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        frame.set(x, y, 20 * x, 40 * y, 255 - 10 * x);
      }
    }
    MeanModel nchw = MeanModel.of(10f, 0.2f, 8, 4);
    float[] reference;
    try (DepthEstimator estimator =
        DepthEstimator.open(
            OnnxTestModels.writeBundle(dir.resolve("nchw"), "nchw", nchw, 8, 4, METRIC), CPU)) {
      reference = estimator.predict(frame).depth().metres();
    }
    for (boolean channelsLastOutput : new boolean[] {false, true}) {
      MeanModel nhwc = nchw.withLayout(TensorLayout.NHWC, channelsLastOutput);
      Path where = dir.resolve("nhwc-" + channelsLastOutput);
      try (DepthEstimator estimator =
          DepthEstimator.open(OnnxTestModels.writeBundle(where, "nhwc", nhwc, 8, 4, METRIC), CPU)) {
        assertThat(estimator.predict(frame).depth().metres())
            .containsExactly(reference, within(1e-5f));
      }
    }
    // Top-left 2×2 block: mean RGB over (0,0),(1,0),(0,1),(1,1) = (10 + 20 + 250)/3 /255 = 0.36601;
    // depth there = 10 · 0.36601 + 0.2 = 3.8601 m (frame pixel (0,0) maps to the first output
    // cell).
    assertThat(reference[0]).isCloseTo(3.8601f, within(1e-3f));
  }

  @Test
  void dynamicSpatialAxesTakeTheSizeFromModelJson() {
    MeanModel model = MeanModel.of(10f, 0f, 8, 8).withShape(-1, -1, -1);
    ModelBundle bundle =
        OnnxTestModels.writeBundle(dir.resolve("dyn"), "dyn", model, 12, 6, METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      assertUniform(estimator.predict(grey(30, 20, 153)).depth(), 6.0);
    }
  }

  @Test
  void inputShapeThatDisagreesWithModelJsonFailsAtOpen() {
    ModelBundle wrongSize =
        OnnxTestModels.writeBundle(
            dir.resolve("a"), "a", MeanModel.of(1f, 0f, 8, 8), 16, 16, METRIC);
    assertThatThrownBy(() -> DepthEstimator.open(wrongSize, CPU))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("model.onnx")
        .hasMessageContaining("[-1, 3, 8, 8]")
        .hasMessageContaining("16x16")
        .hasMessageContaining("fix input.width/height/layout");
    ModelBundle wrongLayout =
        OnnxTestModels.writeBundle(
            dir.resolve("b"),
            "b",
            MeanModel.of(1f, 0f, 8, 4).withLayout(TensorLayout.NHWC, false),
            8,
            4,
            METRIC);
    ModelBundle declaredNchw =
        new ModelBundle(
            wrongLayout.directory(),
            "b",
            "1",
            "x",
            new ModelInput(8, 4, TensorLayout.NCHW, Normalisation.DENSEDEPTH),
            METRIC,
            wrongLayout.training(),
            wrongLayout.metrics(),
            wrongLayout.sha256());
    assertThatThrownBy(() -> DepthEstimator.open(declaredNchw, CPU))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("[-1, 4, 8, 3]")
        .hasMessageContaining("NCHW");
  }

  @Test
  void autoFallsBackToCpuWithOneLogLineWhereCudaCannotRun() {
    Assumptions.assumeTrue(!cudaUsable(), "this machine runs CUDA, so AUTO legitimately picks it");
    ModelBundle bundle = bundle(MeanModel.of(10f, 0f, 8, 8), METRIC);
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // slf4j-simple writes to whatever System.err is at the time of the call.
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    DepthEstimator estimator;
    try {
      estimator = DepthEstimator.open(bundle, EngineOptions.defaults().withThreads(1, 1));
    } finally {
      System.setErr(original);
    }
    try (estimator) {
      assertThat(estimator.provider()).isEqualTo("CPU");
      assertUniform(estimator.predict(grey(8, 8, 51)).depth(), 2.0);
    }
    List<String> fallbackLines =
        captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("CUDA")).toList();
    assertThat(fallbackLines).hasSize(1);
    assertThat(fallbackLines.get(0))
        .contains("WARN")
        .contains("mean@1.0.0")
        .contains("CUDA unavailable")
        .contains("running on CPU");
  }

  @Test
  void aBrokenModelIsBlamedOnTheModelNotOnCuda() throws IOException {
    ModelBundle good = bundle(MeanModel.of(10f, 0f, 8, 8), METRIC);
    Files.writeString(good.modelFile(), "this is not protobuf");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (DeviceChoice device : DeviceChoice.values()) {
        assertThatThrownBy(() -> DepthEstimator.open(good, CPU.withDevice(device)))
            .isInstanceOf(InferenceException.class)
            .hasMessageContaining("ONNX Runtime cannot load " + good.modelFile())
            .hasMessageNotContaining("CUDA");
      }
    } finally {
      System.setErr(original);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("CUDA unavailable");
  }

  @Test
  void explicitCudaWithoutAGpuIsAClearError() {
    Assumptions.assumeTrue(!cudaUsable(), "this machine runs CUDA");
    ModelBundle bundle = bundle(MeanModel.of(10f, 0f, 8, 8), METRIC);
    assertThatThrownBy(() -> DepthEstimator.open(bundle, CPU.withDevice(DeviceChoice.CUDA)))
        .isInstanceOf(InferenceException.class)
        .hasMessageContaining("mean@1.0.0")
        .hasMessageContaining("device CUDA was requested")
        .hasMessageContaining("choose device AUTO or CPU");
  }

  @Test
  @Tag("gpu")
  void cudaRunsTheModelOnTheGpu() {
    ModelBundle bundle = bundle(MeanModel.of(10f, 0.5f, 8, 8), METRIC);
    try (DepthEstimator estimator =
        DepthEstimator.open(bundle, EngineOptions.defaults().withDevice(DeviceChoice.CUDA))) {
      assertThat(estimator.provider()).isEqualTo("CUDA");
      List<DepthPrediction> out =
          estimator.predictBatch(List.of(grey(16, 12, 102), grey(8, 8, 204)));
      assertThat(out.get(0).provider()).isEqualTo("CUDA");
      assertUniform(out.get(0).depth(), 4.5);
      assertUniform(out.get(1).depth(), 8.5);
    }
  }

  @Test
  void threadsSharingOneEstimatorEachGetTheirOwnFramesDepth() throws Exception {
    ModelBundle bundle = bundle(MeanModel.of(10f, 0f, 8, 8), METRIC);
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int task = 0; task < 40; task++) {
          int level = 51 * (1 + task % 4);
          results.add(
              pool.submit(
                  () -> {
                    List<DepthPrediction> out =
                        estimator.predictBatch(List.of(grey(8, 8, level), grey(16, 16, level)));
                    double expected = 10.0 * level / 255.0;
                    for (DepthPrediction p : out) {
                      for (float v : p.depth().metres()) {
                        if (Math.abs(v - expected) > 1e-4) {
                          return false;
                        }
                      }
                    }
                    return true;
                  }));
        }
        for (Future<Boolean> result : results) {
          assertThat(result.get(60, TimeUnit.SECONDS)).isTrue();
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void emptyBatchGivesNoPredictions() {
    try (DepthEstimator estimator =
        DepthEstimator.open(bundle(MeanModel.of(10f, 0f, 8, 8), METRIC), CPU)) {
      assertThat(estimator.predictBatch(List.of())).isEmpty();
    }
  }

  @Test
  void closedEstimatorRefusesWork() {
    DepthEstimator estimator =
        DepthEstimator.open(bundle(MeanModel.of(10f, 0f, 8, 8), METRIC), CPU);
    estimator.close();
    estimator.close();
    assertThatThrownBy(() -> estimator.predict(grey(8, 8, 1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  /** True only where the CUDA provider is built in and a session with it actually opens. */
  private boolean cudaUsable() {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return false;
    }
    ModelBundle bundle =
        OnnxTestModels.writeBundle(
            dir.resolve("probe"), "probe", MeanModel.of(1f, 0f, 8, 8), 8, 8, METRIC);
    try (DepthEstimator probe = DepthEstimator.open(bundle, CPU.withDevice(DeviceChoice.CUDA))) {
      return true;
    } catch (InferenceException e) {
      return false;
    }
  }
}
