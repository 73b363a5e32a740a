package io.depthstream.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.cli.CommandRun;
import io.depthstream.core.inference.DepthCalibration;
import io.depthstream.core.inference.ModelBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every committed bundle with a depth calibration reproduces it: the recorded synth commands render
 * its calibration frames afresh, the recorded calibrate command fits again on a copy of the bundle,
 * and the curve must be the one in {@code model.json}.
 */
class CalibrationReproduceTest {

  /** ONNX Runtime's CPU kernels may round differently on another processor; the data cannot. */
  private static final double TOLERANCE = 1e-4;

  @TempDir Path scratch;

  @TestFactory
  Stream<DynamicTest> committedCalibrationsReproduce() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path dir : RecordedCommands.bundleDirectories()) {
      ModelBundle bundle = ModelBundle.load(dir);
      bundle
          .output()
          .calibration()
          .ifPresent(
              c ->
                  tests.add(
                      DynamicTest.dynamicTest(
                          bundle.label() + "'s calibration", () -> reproduce(bundle, c))));
    }
    return tests.stream();
  }

  private void reproduce(ModelBundle bundle, DepthCalibration recorded) throws IOException {
    List<String> calibrate = RecordedCommands.words(recorded.command(), "calibrate");
    for (int i = 0; i < recorded.data().size(); i++) {
      List<String> synth = RecordedCommands.words(recorded.data().get(i), "synth");
      String recordedOut = RecordedCommands.valueOf(synth, "--out");
      Path out = scratch.resolve("frames-" + i);
      RecordedCommands.set(synth, "--out", out.toString());
      CommandRun rendered = CommandRun.of(synth.toArray(String[]::new));
      assertThat(rendered.exit).as(rendered.err).isZero();
      for (int w = 0; w < calibrate.size() - 1; w++) {
        String value = calibrate.get(w + 1);
        if (calibrate.get(w).equals("--data") && value.startsWith(recordedOut)) {
          calibrate.set(w + 1, out + value.substring(recordedOut.length()));
        }
      }
    }
    Path copy = scratch.resolve("bundle");
    Files.createDirectories(copy);
    Files.copy(bundle.modelFile(), copy.resolve(ModelBundle.MODEL_FILE));
    Files.copy(bundle.descriptorFile(), copy.resolve(ModelBundle.DESCRIPTOR_FILE));
    RecordedCommands.set(calibrate, "--model", copy.toString());

    CommandRun fitted = CommandRun.of(calibrate.toArray(String[]::new));

    assertThat(fitted.exit).as(fitted.err).isZero();
    DepthCalibration again = ModelBundle.load(copy).output().calibration().orElseThrow();
    assertThat(again.knots()).hasSameSizeAs(recorded.knots());
    for (int k = 0; k < recorded.knots().size(); k++) {
      double want = recorded.calibrated().get(k);
      assertThat(again.knots().get(k)).isCloseTo(recorded.knots().get(k), within(1e-9));
      assertThat(again.calibrated().get(k))
          .as("knot " + k)
          .isCloseTo(want, within(TOLERANCE * want));
    }
  }
}
