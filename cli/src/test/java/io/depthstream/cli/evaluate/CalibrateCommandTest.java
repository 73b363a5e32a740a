package io.depthstream.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.depthstream.cli.CommandRun;
import io.depthstream.core.inference.DepthCalibration;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** calibrate on a real ONNX model and synth's frames, scored before and after by evaluate. */
class CalibrateCommandTest {

  @TempDir Path dir;
  private Path bundle;
  private Path rooms;

  @BeforeEach
  void modelAndFrames() {
    // depth = 8 · mean(RGB)/255 + 0.5 m: it follows brightness, not depth, so it is far off and
    // biased, which is what a calibration is for.
    bundle = dir.resolve("mean");
    OnnxTestModels.writeBundle(
        bundle,
        "mean-metric",
        MeanModel.of(8f, 0.5f, 16, 12),
        16,
        12,
        new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0));
    rooms = dir.resolve("rooms");
    CommandRun synth =
        CommandRun.of(
            "synth",
            "--scene",
            "indoor",
            "--layout",
            "nyu",
            "--size",
            "64x48",
            "--count",
            "24",
            "--worlds",
            "3",
            "--test-fraction",
            "1",
            "--seed",
            "5",
            "--threads",
            "1",
            "--sheet-rows",
            "1",
            "--out",
            rooms.toString());
    assertThat(synth.exit).as(synth.err).isZero();
  }

  /** evaluate on the test's model and rooms with the NYU protocol, {@code options} after. */
  private CommandRun evaluate(String... options) {
    return run(
        List.of(
            "evaluate",
            "--model",
            bundle.toString(),
            "--data",
            rooms.resolve("nyu").toString(),
            "--crop",
            "eigen",
            "--max-depth",
            "10"),
        options);
  }

  private double rmse() throws Exception {
    CommandRun scored = evaluate("--json");
    assertThat(scored.exit).as(scored.err).isZero();
    String[] lines = scored.out.strip().split("\n");
    return new ObjectMapper().readTree(lines[lines.length - 1]).get("rmse").asDouble();
  }

  /** calibrate on the test's model and rooms, with {@code options} after. */
  private CommandRun calibrate(String... options) {
    return run(
        List.of(
            "calibrate", "--model", bundle.toString(), "--data", rooms.resolve("nyu").toString()),
        options);
  }

  private static CommandRun run(List<String> words, String... options) {
    List<String> args = new ArrayList<>(words);
    args.addAll(List.of(options));
    return CommandRun.of(args.toArray(String[]::new));
  }

  @Test
  void theFittedCurveLandsInModelJsonAndLowersTheErrorOnItsFrames() throws Exception {
    double before = rmse();

    CommandRun calibrated =
        calibrate("--knots", "8", "--min-pixels", "50", "--bundle-version", "2.0.0-calibrated");

    assertThat(calibrated.exit).as(calibrated.err).isZero();
    assertThat(calibrated.out).contains("knot (m)").contains("calibration written into");
    ModelBundle loaded = ModelBundle.load(bundle);
    assertThat(loaded.version()).isEqualTo("2.0.0-calibrated");
    DepthCalibration calibration = loaded.output().calibration().orElseThrow();
    assertThat(calibration.knots()).hasSize(8);
    assertThat(calibration.knots().get(0))
        .isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-9));
    assertThat(calibration.data()).singleElement().asString().contains("synth --scene indoor");
    assertThat(calibration.command()).contains("calibrate").contains("--knots 8");
    JsonNode json = new ObjectMapper().readTree(Files.readString(bundle.resolve("model.json")));
    assertThat(json.get("output").get("calibration").get("calibrated_m")).hasSize(8);
    // Least-squares gains per bin: on the frames it was fitted on, the squared error falls.
    assertThat(rmse()).isLessThan(before * 0.95);
  }

  @Test
  void aDryRunPrintsTheCurveAndLeavesTheBundleAlone() throws Exception {
    byte[] json = Files.readAllBytes(bundle.resolve("model.json"));

    CommandRun dry = calibrate("--knots", "8", "--min-pixels", "50", "--dry-run");

    assertThat(dry.exit).as(dry.err).isZero();
    assertThat(dry.out).contains("calibrated (m)").contains("--dry-run");
    assertThat(Files.readAllBytes(bundle.resolve("model.json"))).isEqualTo(json);
  }

  @Test
  void whatCannotBeFittedIsRefusedWithTheReason() {
    CommandRun flipped = calibrate("--flip-test");
    assertThat(flipped.exit).isEqualTo(2);
    assertThat(flipped.err).contains("--flip-test is not for calibrate");

    CommandRun thin = calibrate("--min-pixels", "100000000");
    assertThat(thin.exit).isEqualTo(2);
    assertThat(thin.err).contains("--min-pixels");
  }

  @Test
  void framesAHeldOutEvaluationWasScoredOnAreRefused() {
    CommandRun recorded = evaluate("--record", "rooms");
    assertThat(recorded.exit).as(recorded.err).isZero();

    CommandRun onHeldOut = calibrate("--min-pixels", "50");

    assertThat(onHeldOut.exit).isEqualTo(2);
    assertThat(onHeldOut.err).contains("held-out set 'rooms'").contains("another --seed");
  }
}
