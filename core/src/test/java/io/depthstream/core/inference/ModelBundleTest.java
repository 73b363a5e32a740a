package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelBundleTest {

  @TempDir Path dir;
  private Path bundleDir;
  private Path json;

  @BeforeEach
  void writeBundle() {
    bundleDir = dir.resolve("densedepth-test");
    OnnxTestModels.writeBundle(
        bundleDir,
        "densedepth-test",
        MeanModel.of(1f, 0f, 8, 8),
        8,
        8,
        new ModelOutput(OutputKind.DEPTH_INVERSE_NORM, 10.0, 0.1, 10.0));
    json = bundleDir.resolve("model.json");
  }

  private String jsonText() throws IOException {
    return Files.readString(json, StandardCharsets.UTF_8);
  }

  private void rewrite(String from, String to) throws IOException {
    String text = jsonText();
    assertThat(text).contains(from);
    Files.writeString(json, text.replace(from, to), StandardCharsets.UTF_8);
  }

  @Test
  void writeThenLoadKeepsEveryField() {
    ModelBundle original = ModelBundle.load(bundleDir);
    ModelBundle described =
        new ModelBundle(
                bundleDir,
                "densedepth-169-nyu",
                "2026.11.22",
                "densenet169",
                new ModelInput(8, 8, TensorLayout.NCHW, Normalisation.IMAGENET),
                new ModelOutput(OutputKind.DEPTH_INVERSE_NORM, 10.0, 0.001, 10.0),
                Optional.of(
                    new TrainingRecord(
                        "./depthstream train --encoder densenet169", "nyu", 20, 12345, 3600.5)),
                Map.of("delta1", 0.846, "abs_rel", 0.123),
                original.sha256())
            .write(dir.resolve("copy"));
    ModelBundle loaded = ModelBundle.load(dir.resolve("copy"));
    assertThat(loaded).isEqualTo(described);
    assertThat(loaded.metrics().keySet()).containsExactly("abs_rel", "delta1");
    assertThat(loaded.label()).isEqualTo("densedepth-169-nyu@2026.11.22");
    assertThat(Files.exists(dir.resolve("copy").resolve("model.onnx"))).isTrue();
  }

  @Test
  void aCalibrationRoundTripsAndABadOneIsNamedWithItsField() throws IOException {
    DepthCalibration calibration =
        new DepthCalibration(
            List.of(0.1, 1.0, 10.0),
            List.of(0.1, 1.05, 10.8),
            List.of("./depthstream synth --seed 700000 --out cal"),
            "./depthstream calibrate --model densedepth-test --data cal");
    ModelBundle bundle = ModelBundle.load(bundleDir);
    bundle.withOutput(bundle.output().withCalibration(Optional.of(calibration))).write(bundleDir);

    assertThat(ModelBundle.load(bundleDir).output().calibration()).contains(calibration);

    rewrite("1.05,", "0.05,");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("output.calibration")
        .hasMessageContaining("strictly increasing");
  }

  @Test
  void heldOutEvaluationsRoundTripAndReplaceByName() {
    ModelBundle bundle = ModelBundle.load(bundleDir);
    HeldOutEvaluation indoor =
        new HeldOutEvaluation(
            "synth-indoor",
            "./depthstream synth --scene indoor --seed 900000",
            "./depthstream evaluate --model m --data d",
            200,
            Map.of("delta1", 0.5, "rmse", 1.25));
    HeldOutEvaluation street =
        new HeldOutEvaluation(
            "synth-street", "synth street", "evaluate", 100, Map.of("delta1", 0.4));
    bundle.withHeldOut(indoor).withHeldOut(street).write(bundleDir);
    ModelBundle loaded = ModelBundle.load(bundleDir);
    assertThat(loaded.heldOut()).containsExactly(indoor, street);

    HeldOutEvaluation again =
        new HeldOutEvaluation("synth-indoor", "synth", "evaluate", 201, Map.of("delta1", 0.6));
    loaded.withHeldOut(again).write(bundleDir);
    assertThat(ModelBundle.load(bundleDir).heldOut()).containsExactly(street, again);
  }

  @Test
  void heldOutEntryWithoutImagesIsNamedWithItsIndex() throws IOException {
    ModelBundle.load(bundleDir)
        .withHeldOut(new HeldOutEvaluation("s", "d", "c", 3, Map.of()))
        .write(bundleDir);
    rewrite("\"images\" : 3,", "");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("'held_out[0].images' is missing");
  }

  @Test
  void loadAcceptsThePathOfModelJsonToo() {
    assertThat(ModelBundle.load(json).directory())
        .isEqualTo(ModelBundle.load(bundleDir).directory());
  }

  @Test
  void shaMismatchNamesTheFileBothHashesAndTheFix() throws IOException {
    Path onnx = bundleDir.resolve("model.onnx");
    byte[] bytes = Files.readAllBytes(onnx);
    Files.write(onnx, MeanModel.of(2f, 0f, 8, 8).toOnnx());
    String actual = ModelBundle.sha256Of(onnx);
    assertThat(bytes).isNotEqualTo(Files.readAllBytes(onnx));
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining(onnx.toString())
        .hasMessageContaining(actual)
        .hasMessageContaining("Re-export")
        .hasMessageContaining("\"sha256\": \"" + actual + "\"");
  }

  @Test
  void sha256OfMatchesAKnownDigest() throws IOException {
    Path file = dir.resolve("abc.txt");
    Files.writeString(file, "abc");
    assertThat(ModelBundle.sha256Of(file))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void missingFieldIsNamedWithItsPath() throws IOException {
    rewrite("\"kind\" : \"depth_inverse_norm\",", "");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining(json.toString())
        .hasMessageContaining("'output.kind' is missing");
  }

  @Test
  void unknownOutputKindListsTheKnownOnes() throws IOException {
    rewrite("\"depth_inverse_norm\"", "\"disparity\"");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining(json.toString())
        .hasMessageContaining("output.kind")
        .hasMessageContaining("disparity")
        .hasMessageContaining("depth_m, depth_inverse_norm, inverse_relative");
  }

  @Test
  void misspelledFieldIsRefusedRatherThanIgnored() throws IOException {
    rewrite("\"min_depth\"", "\"minDepth\"");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("'output.minDepth' is not a model.json field")
        .hasMessageContaining("min_depth");
  }

  @Test
  void inverseNormWithoutDepthScaleExplainsTheRule() throws IOException {
    rewrite("\"depth_scale\" : 10.0,", "");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("'output.depth_scale' is missing")
        .hasMessageContaining("depth_m = depth_scale / y");
  }

  @Test
  void pngScaleIsOptionalAndRoundTrips() throws IOException {
    ModelBundle older = ModelBundle.load(bundleDir);
    assertThat(jsonText()).doesNotContain("png_scale");
    assertThat(older.output().pngScale()).isEmpty();

    ModelBundle fixed =
        new ModelBundle(
                bundleDir,
                older.id(),
                older.version(),
                older.encoder(),
                older.input(),
                older.output().withPngScale(1.0 / 256),
                older.training(),
                older.metrics(),
                older.sha256())
            .write(dir.resolve("fixed"));

    assertThat(Files.readString(dir.resolve("fixed").resolve("model.json")))
        .contains("\"png_scale\" : 0.00390625");
    assertThat(ModelBundle.load(dir.resolve("fixed"))).isEqualTo(fixed);
  }

  @Test
  void pngScaleThatCannotHoldMaxDepthIsRefusedWithTheFix() throws IOException {
    rewrite("\"max_depth\" : 10.0", "\"max_depth\" : 80.0, \"png_scale\" : 0.001");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("'output' is invalid")
        .hasMessageContaining("png_scale 0.001 reaches only 65.535 m but max_depth is 80.000 m")
        .hasMessageContaining("0.00390625");
  }

  @Test
  void badLayoutAndDepthRangeAreNamed() throws IOException {
    rewrite("\"NCHW\"", "\"CHW\"");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .hasMessageContaining("'input.layout' is 'CHW', expected NCHW or NHWC");
    rewrite("\"CHW\"", "\"NCHW\"");
    rewrite("\"max_depth\" : 10.0", "\"max_depth\" : 0.05");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .hasMessageContaining("'output' is invalid")
        .hasMessageContaining("min_depth < max_depth");
  }

  @Test
  void normalisationPresetNamesAreAccepted() throws IOException {
    String text = jsonText();
    int start = text.indexOf("\"normalisation\"");
    int end = text.indexOf('}', start) + 1;
    Files.writeString(
        json, text.substring(0, start) + "\"normalisation\" : \"imagenet\"" + text.substring(end));
    assertThat(ModelBundle.load(bundleDir).input().normalisation())
        .isEqualTo(Normalisation.IMAGENET);
  }

  @Test
  void newerFormatAsksForAnUpgrade() throws IOException {
    rewrite("\"format\" : 1", "\"format\" : 2");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .hasMessageContaining("upgrade depthstream");
  }

  @Test
  void missingDescriptorAndBrokenJsonAreExplained() throws IOException {
    assertThatThrownBy(() -> ModelBundle.load(dir.resolve("nowhere")))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("no model bundle at " + dir.resolve("nowhere"));
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> ModelBundle.load(empty))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining(empty.resolve("model.json") + " not found");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir.resolve("model.onnx")))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("pass the bundle's directory or its model.json");
    Files.writeString(json, "{ \"id\": ");
    assertThatThrownBy(() -> ModelBundle.load(bundleDir))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("is not valid JSON");
  }

  @Test
  void writeRefusesAModelFileThatDoesNotMatch() {
    ModelBundle bundle = ModelBundle.load(bundleDir);
    ModelBundle wrong = bundle.withMetrics(Map.of());
    ModelBundle tampered =
        new ModelBundle(
            bundleDir,
            wrong.id(),
            wrong.version(),
            wrong.encoder(),
            wrong.input(),
            wrong.output(),
            wrong.training(),
            wrong.metrics(),
            "0".repeat(64));
    assertThatThrownBy(() -> tampered.write(dir.resolve("elsewhere")))
        .isInstanceOf(ModelBundleException.class)
        .hasMessageContaining("records " + "0".repeat(64));
  }

  @Test
  void idsMustBeUsableAsDirectoryNames() {
    ModelBundle bundle = ModelBundle.load(bundleDir);
    for (String id : List.of("../escape", "a b", "")) {
      assertThatThrownBy(
              () ->
                  new ModelBundle(
                      bundleDir,
                      id,
                      "1",
                      "x",
                      bundle.input(),
                      bundle.output(),
                      Optional.empty(),
                      Map.of(),
                      bundle.sha256()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("names a directory");
    }
  }
}
