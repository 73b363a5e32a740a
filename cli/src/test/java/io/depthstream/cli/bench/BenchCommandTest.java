package io.depthstream.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.bench.BatchResult;
import io.depthstream.core.bench.InferenceBench;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BenchCommandTest {

  @TempDir Path tmp;

  @Test
  void plumbingModelIsARealOnnxModelThatHalvesTheFrame() {
    ModelBundle bundle = PlumbingModel.write(tmp.resolve("plumbing"), 32, 16);
    assertThat(bundle.id()).isEqualTo(PlumbingModel.ID);
    try (DepthEstimator estimator =
        DepthEstimator.open(bundle, EngineOptions.defaults().withDevice(DeviceChoice.CPU))) {
      List<DepthPrediction> predictions =
          estimator.predictBatch(List.of(RgbImage.blank(32, 16), RgbImage.blank(40, 20)));
      assertThat(predictions).hasSize(2);
      assertThat(predictions.get(1).depth().width()).isEqualTo(40);
      for (float v : predictions.get(0).depth().metres()) {
        assertThat(v).isBetween(0.1f, 10f);
      }
      BatchResult result =
          new InferenceBench(estimator, List.of(RgbImage.blank(32, 16))).run(3, 1, 4);
      assertThat(result.batch()).isEqualTo(3);
      assertThat(result.callMs().count()).isEqualTo(4);
      assertThat(result.framesPerSecond()).isPositive();
      assertThat(result.inferenceMs()).isPositive();
    }
  }

  @Test
  void benchReportsEveryBatchItsRatiosAndTheMachineLabelledAsPlumbing() {
    String text =
        benchPlumbing("--batch", "1,2", "--warmup", "1", "--iterations", "3", "--markdown");
    assertThat(text)
        .contains("PLUMBING", "ONNX Runtime", "provider CPU", "load:", "vs b=1", "JPEG decode")
        .contains("| 2 |", "throughput vs batch 1", "```\n./depthstream bench --synthetic-model")
        .contains(
            "a warm-up of at least 1 calls and 1000 frames, then 3 measured calls per batch size");
  }

  @Test
  void warmUpCoversAThousandFramesWhateverTheCallsAskedFor() {
    // the per-frame stages are called once a frame, and HotSpot's C2 waits for hundreds of calls
    assertThat(InferenceBench.JIT_WARMUP_FRAMES).isEqualTo(1000);
    assertThat(InferenceBench.warmupCalls(1, 50, 1000)).isEqualTo(1000);
    assertThat(InferenceBench.warmupCalls(4, 50, 1000)).isEqualTo(250);
    assertThat(InferenceBench.warmupCalls(3, 0, 1000)).isEqualTo(334); // 1,002 frames
    assertThat(InferenceBench.warmupCalls(1, 2000, 1000)).isEqualTo(2000);
    assertThat(InferenceBench.warmupCalls(8, 5, 0)).isEqualTo(5);
    String text =
        benchPlumbing(
            "--batch",
            "2",
            "--warmup",
            "0",
            "--warmup-frames",
            "10",
            "--iterations",
            "1",
            "--no-codecs");
    assertThat(text).contains("a warm-up of at least 0 calls and 10 frames, then 1 measured calls");
  }

  @Test
  void noCodecsSkipsTheCodecTimings() {
    String text =
        benchPlumbing("--batch", "1", "--warmup", "0", "--iterations", "1", "--no-codecs");
    assertThat(text).contains("PLUMBING").doesNotContain("JPEG decode");
  }

  /**
   * Runs bench on the 32x24 plumbing stand-in with {@code options}; asserts success, returns
   * stdout.
   */
  private String benchPlumbing(String... options) {
    List<String> args =
        new ArrayList<>(
            List.of("--synthetic-model", tmp.resolve("m").toString(), "--size", "32x24"));
    args.addAll(List.of(options));
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(new StringWriter()));
    assertThat(cli.execute(args.toArray(String[]::new))).isZero();
    return out.toString();
  }

  @Test
  void aMissingBundleNamesTheFix() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new BenchCommand());
    cli.setErr(new PrintWriter(err));
    int code = cli.execute("--model", tmp.resolve("nothing").toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("--synthetic-model");
  }
}
