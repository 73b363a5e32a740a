package io.depthstream.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.cli.CommandRun;
import io.depthstream.cli.Main;
import io.depthstream.core.align.ScaleShiftAlignment;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.HeldOutEvaluation;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.DepthEvaluator;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code evaluate --model --data} through picocli in-process on real tiny ONNX bundles and
 * datasets written by {@code synth}, and checks its JSON against a second path that lists the files
 * itself, runs {@link DepthEstimator} directly and scores with {@link DepthEvaluator}.
 */
class EvaluateModelCommandTest {

  private static final String[] KEYS = {
    "delta1", "delta2", "delta3", "abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "silog"
  };

  @TempDir Path dir;

  @Test
  void nyuLayoutFromSynthAgreesWithTheEstimatorScoredDirectly() throws IOException {
    Path nyu = synth("indoor", "nyu", "32x24", 5).resolve("nyu");
    ModelBundle bundle = metricBundle(10.0);

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            "--data",
            nyu.toString(),
            "--crop",
            "eigen",
            "--device",
            "cpu",
            "--batch",
            "2",
            "--json");

    assertThat(result.exit).as(result.err).isZero();
    assertThat(result.out).contains("model mean-metric@1.0.0 on CPU").contains("NYU");
    // 60 % of 5 frames are the test split; read straight from the folder, not through the CSV.
    List<Path> gts = sorted(nyu.resolve("data/nyu2_test"), "_depth.png");
    assertThat(gts).hasSize(3);
    List<Path> rgbs = new ArrayList<>();
    for (Path gt : gts) {
      rgbs.add(gt.resolveSibling(gt.getFileName().toString().replace("_depth", "_colors")));
    }
    EvaluationProtocol protocol = new EvaluationProtocol(1e-3, 10, Crop.EIGEN);
    assertAgrees(
        CommandRun.lastLineJson(result.out),
        direct(bundle, rgbs, gts, 0.001, protocol, false),
        1e-9);
  }

  @Test
  void recordWritesTheResultAndBothCommandsIntoTheBundle() throws IOException {
    Path nyu = synth("indoor", "nyu", "32x24", 5).resolve("nyu");
    ModelBundle bundle = metricBundle(10.0);

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            "--data",
            nyu.toString(),
            "--device",
            "cpu",
            "--record",
            "synth-indoor",
            "--json");

    assertThat(result.exit).as(result.err).isZero();
    Map<String, Double> printed = CommandRun.lastLineJson(result.out);
    ModelBundle reloaded = ModelBundle.load(bundle.directory());
    assertThat(reloaded.heldOut()).hasSize(1);
    HeldOutEvaluation recorded = reloaded.heldOut().get(0);
    assertThat(recorded.name()).isEqualTo("synth-indoor");
    assertThat(recorded.images()).isEqualTo(printed.get("images").intValue()).isEqualTo(3);
    assertThat(recorded.data())
        .startsWith("./depthstream synth --scene indoor --layout nyu --size 32x24 --count 5");
    assertThat(recorded.command())
        .isEqualTo(
            "./depthstream evaluate --model "
                + bundle.directory()
                + " --data "
                + nyu
                + " --device cpu --record synth-indoor --json");
    for (String key : KEYS) {
      assertThat(recorded.metrics().get(key)).as(key).isEqualTo(printed.get(key));
    }
  }

  @Test
  void sheetShowsPictureGroundTruthAndPredictionPerRow() throws IOException {
    Path nyu = synth("indoor", "nyu", "32x24", 5).resolve("nyu");
    ModelBundle bundle = metricBundle(10.0);
    Path sheet = dir.resolve("pictures/sheet.png");

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            "--data",
            nyu.toString(),
            "--device",
            "cpu",
            "--sheet",
            sheet.toString(),
            "--sheet-rows",
            "2");

    assertThat(result.exit).as(result.err).isZero();
    assertThat(result.out).contains("picture sheet: " + sheet);
    BufferedImage picture = ImageIO.read(sheet.toFile());
    assertThat(picture.getWidth()).isEqualTo(3 * 32 + 2 * 4);
    assertThat(picture.getHeight()).isEqualTo(2 * 24 + 4);
    // every tile of both rows is drawn over the white background
    int white = 0xFFFFFFFF;
    for (int column = 0; column < 3; column++) {
      for (int row = 0; row < 2; row++) {
        assertThat(picture.getRGB(column * 36 + 16, row * 28 + 12)).isNotEqualTo(white);
      }
    }
  }

  /**
   * With {@code --reduce-jpeg} the model sees JPEGs decoded straight to its 16×12 input, yet the
   * sheet shows each photo whole: the same tiles as a run that decodes them whole.
   */
  @Test
  void sheetShowsJpegPhotosWholeWhenTheyAreReducedForTheModel() throws IOException {
    Path nyu = synth("indoor", "nyu", "32x24", 5).resolve("nyu");
    try (var files = Files.walk(nyu)) {
      for (Path colours : files.filter(f -> f.toString().endsWith("_colors.png")).toList()) {
        // the readers go by content, so a JPEG under the PNG's name is read as a JPEG
        BufferedImage image = ImageIO.read(colours.toFile());
        assertThat(ImageIO.write(image, "jpeg", colours.toFile())).isTrue();
      }
    }
    ModelBundle bundle = metricBundle(10.0);
    Path whole = dir.resolve("whole.png");
    Path reduced = dir.resolve("reduced.png");
    String[] common = {"--model", bundle.directory().toString(), "--data", nyu.toString()};

    CommandRun first = run(concat(common, "--sheet", whole.toString(), "--sheet-rows", "2"));
    CommandRun second =
        run(concat(common, "--sheet", reduced.toString(), "--sheet-rows", "2", "--reduce-jpeg"));

    assertThat(first.exit).as(first.err).isZero();
    assertThat(second.exit).as(second.err).isZero();
    BufferedImage a = ImageIO.read(whole.toFile());
    BufferedImage b = ImageIO.read(reduced.toFile());
    for (int row = 0; row < 2; row++) {
      for (int y = 0; y < 24; y++) {
        for (int x = 0; x < 32; x++) {
          assertThat(b.getRGB(x, row * 28 + y))
              .as("photo of row %d at %d,%d", row, x, y)
              .isEqualTo(a.getRGB(x, row * 28 + y));
        }
      }
    }
  }

  private static String[] concat(String[] first, String... rest) {
    String[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
    System.arraycopy(rest, 0, all, first.length, rest.length);
    return all;
  }

  @Test
  void recordWithoutAModelIsRefused() {
    CommandRun result = run("--pred", "a", "--gt", "b", "--record", "x");
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("--record needs --model and --data");
  }

  @Test
  void kittiLayoutFromSynthAgreesAtItsOwnScaleAndProtocol() throws IOException {
    Path kitti = synth("street", "kitti", "48x16", 3).resolve("kitti");
    ModelBundle bundle = metricBundle(80.0);

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            "--data",
            kitti.toString(),
            "--max-depth",
            "80",
            "--crop",
            "garg",
            "--device",
            "cpu",
            "--flip-test",
            "--threads",
            "1",
            "--batch",
            "1",
            "--json");

    assertThat(result.exit).as(result.err).isZero();
    assertThat(result.err).doesNotContain("KITTI Eigen protocol");
    List<Path> drives;
    try (Stream<Path> entries = Files.list(kitti)) {
      drives = entries.filter(Files::isDirectory).toList();
    }
    assertThat(drives).hasSize(1);
    List<Path> gts = sorted(drives.get(0).resolve("proj_depth/groundtruth/image_02"), ".png");
    List<Path> rgbs = new ArrayList<>();
    for (Path gt : gts) {
      rgbs.add(drives.get(0).resolve("image_02/data").resolve(gt.getFileName()));
    }
    EvaluationProtocol protocol = new EvaluationProtocol(1e-3, 80, Crop.GARG);
    assertAgrees(
        CommandRun.lastLineJson(result.out),
        direct(bundle, cpu().withFlipTest(true), rgbs, gts, 1.0 / 256, protocol, false),
        1e-9);
  }

  @Test
  void kittiWithNyuDefaultsSaysWhichProtocolKittiUses() throws IOException {
    Path kitti = synth("street", "kitti", "48x16", 2).resolve("kitti");
    CommandRun result =
        run(
            "--model",
            metricBundle(80).directory().toString(),
            "--data",
            kitti.toString(),
            "--device",
            "cpu");
    assertThat(result.exit).as(result.err).isZero();
    assertThat(result.err).contains("the KITTI Eigen protocol is --max-depth 80 --crop garg");
  }

  @Test
  void inverseRelativeModelsAreAlignedPerImageBeforeScoring() throws IOException {
    ModelBundle bundle =
        OnnxTestModels.writeBundle(
            dir.resolve("relative"),
            "mean-relative",
            MeanModel.of(3f, 0.2f, 16, 12),
            16,
            12,
            new ModelOutput(OutputKind.INVERSE_RELATIVE, 1.0, 0.1, 10.0));
    // Ground truth whose inverse is exactly affine in the model's own output, a different affine
    // map per image: after alignment every pixel is right up to the millimetre PNG rounding.
    Path data = dir.resolve("folders");
    Files.createDirectories(data.resolve("rgb"));
    Files.createDirectories(data.resolve("depth"));
    double[][] affine = {{0.5, 0.1}, {0.2, 0.3}};
    List<Path> rgbs = new ArrayList<>();
    List<Path> gts = new ArrayList<>();
    try (DepthEstimator estimator = DepthEstimator.open(bundle, cpu())) {
      for (int i = 0; i < affine.length; i++) {
        RgbImage photo = gradient(30, 20, 17 + i);
        float[] r = estimator.predict(photo).relativeInverseDepth().metres();
        float[] metres = new float[r.length];
        for (int p = 0; p < r.length; p++) {
          metres[p] = (float) (1 / (affine[i][0] * r[p] + affine[i][1]));
        }
        Path rgb = data.resolve("rgb/img" + i + ".png");
        Path gt = data.resolve("depth/img" + i + ".png");
        ImageIO.write(toBuffered(photo), "png", rgb.toFile());
        Files.write(gt, DepthPngCodec.encode(new DepthImage(30, 20, metres), 0.001));
        rgbs.add(rgb);
        gts.add(gt);
      }
    }

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            "--data",
            data.toString(),
            "--device",
            "cpu",
            "--json");

    assertThat(result.exit).as(result.err).isZero();
    assertThat(result.out)
        .contains("inverse_relative")
        .contains(
            "aligned to its own ground truth (least-squares scale and shift in inverse depth)");
    Map<String, Double> json = CommandRun.lastLineJson(result.out);
    assertThat(json.get("delta1")).isEqualTo(1.0);
    assertThat(json.get("abs_rel")).isLessThan(1e-3);
    EvaluationProtocol protocol = new EvaluationProtocol(1e-3, 10, Crop.NONE);
    assertAgrees(json, direct(bundle, rgbs, gts, 0.001, protocol, true), 1e-9);
  }

  @Test
  void writtenPredictionsRescoreToTheSameNumbersWithPredAndGt() throws IOException {
    Path nyu = synth("indoor", "nyu", "32x24", 5).resolve("nyu");
    ModelBundle bundle = metricBundle(10.0);
    Path kept = dir.resolve("kept");

    CommandRun model =
        run(
            "--model",
            bundle.directory().toString(),
            "--data",
            nyu.toString(),
            "--crop",
            "eigen",
            "--device",
            "cpu",
            "--write-predictions",
            kept.toString(),
            "--json");
    assertThat(model.exit).as(model.err).isZero();
    assertThat(model.out).contains("re-score with: evaluate --pred " + kept.resolve("pred"));
    assertThat(sorted(kept.resolve("pred"), ".png")).hasSize(3);

    CommandRun pngs =
        run(
            "--pred",
            kept.resolve("pred").toString(),
            "--gt",
            kept.resolve("gt").toString(),
            "--scale",
            "0.001",
            "--crop",
            "eigen",
            "--json");
    assertThat(pngs.exit).as(pngs.err).isZero();
    // Only the rounding of predictions to whole millimetres differs.
    assertAgrees(CommandRun.lastLineJson(pngs.out), CommandRun.lastLineJson(model.out), 1e-3);
  }

  @Test
  void aMissingBundleExitsTwoNamingIt() throws IOException {
    Path nyu = synth("indoor", "nyu", "16x12", 2).resolve("nyu");
    Path missing = dir.resolve("no-such-bundle");
    CommandRun result = run("--model", missing.toString(), "--data", nyu.toString());
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("no model bundle at " + missing);
  }

  @Test
  void aFolderWithNoKnownLayoutExitsTwoListingWhatWasLookedFor() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("holiday-photos"));
    Files.writeString(empty.resolve("readme.txt"), "nothing here", StandardCharsets.UTF_8);
    CommandRun result =
        run("--model", metricBundle(10).directory().toString(), "--data", empty.toString());
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err)
        .contains("no dataset layout recognised")
        .contains(empty.resolve("data/nyu2_test.csv").toString())
        .contains("image_02/data")
        .contains("proj_depth/groundtruth/image_02")
        .contains(empty.resolve("rgb").toString())
        .contains(empty.resolve("depth").toString());
  }

  @Test
  void synthOutputRootPointsAtItsDatasets() throws IOException {
    Path out = synth("indoor", "both", "16x12", 2);
    CommandRun result =
        run("--model", metricBundle(10).directory().toString(), "--data", out.toString());
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err)
        .contains("pass one of them")
        .contains(out.resolve("kitti") + " (KITTI")
        .contains(out.resolve("nyu") + " (DenseDepth NYU");
  }

  @Test
  void anUnreadablePictureExitsTwoNamingIt() throws IOException {
    Path data = dir.resolve("folders");
    Files.createDirectories(data.resolve("rgb"));
    Files.createDirectories(data.resolve("depth"));
    Path bad = data.resolve("rgb/a.png");
    Files.writeString(bad, "this is not a picture", StandardCharsets.UTF_8);
    Files.write(data.resolve("depth/a.png"), DepthPngCodec.encode(constant(4, 4, 2f), 0.001));
    CommandRun result =
        run(
            "--model",
            metricBundle(10).directory().toString(),
            "--data",
            data.toString(),
            "--device",
            "cpu");
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains(bad.toString()).contains("neither a PNG nor a JPEG");
  }

  @Test
  void aPictureWithoutGroundTruthExitsTwoNamingIt() throws IOException {
    Path data = dir.resolve("folders");
    Files.createDirectories(data.resolve("rgb"));
    Files.createDirectories(data.resolve("depth"));
    ImageIO.write(toBuffered(gradient(4, 4, 1)), "png", data.resolve("rgb/a.png").toFile());
    ImageIO.write(toBuffered(gradient(4, 4, 2)), "png", data.resolve("rgb/b.png").toFile());
    Files.write(data.resolve("depth/a.png"), DepthPngCodec.encode(constant(4, 4, 2f), 0.001));
    CommandRun result =
        run("--model", metricBundle(10).directory().toString(), "--data", data.toString());
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains(data.resolve("rgb/b.png") + " has no ground truth");
  }

  @Test
  void mixingBothModesIsRefused() {
    CommandRun result =
        run(
            "--pred",
            dir.toString(),
            "--gt",
            dir.toString(),
            "--model",
            dir.toString(),
            "--data",
            dir.toString());
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("not both");

    CommandRun halves = run("--model", dir.toString());
    assertThat(halves.exit).isEqualTo(2);
    assertThat(halves.err).contains("--model and --data go together");

    CommandRun predScale =
        run("--model", dir.toString(), "--data", dir.toString(), "--pred-scale", "0.001");
    assertThat(predScale.exit).isEqualTo(2);
    assertThat(predScale.err).contains("--pred-scale is for --pred PNGs");

    CommandRun device = run("--model", dir.toString(), "--data", dir.toString(), "--device", "tpu");
    assertThat(device.exit).isEqualTo(2);
    assertThat(device.err).contains("device 'tpu' is not one of auto, cuda, cpu");
  }

  // ---- the second path: files listed here, the estimator run directly, DepthEvaluator per image

  private static Map<String, Double> direct(
      ModelBundle bundle,
      List<Path> rgbs,
      List<Path> gts,
      double gtScale,
      EvaluationProtocol protocol,
      boolean align)
      throws IOException {
    return direct(bundle, cpu(), rgbs, gts, gtScale, protocol, align);
  }

  private static Map<String, Double> direct(
      ModelBundle bundle,
      EngineOptions options,
      List<Path> rgbs,
      List<Path> gts,
      double gtScale,
      EvaluationProtocol protocol,
      boolean align)
      throws IOException {
    MetricsAccumulator total = new MetricsAccumulator();
    ImageDecoder decoder = new ImageDecoder();
    try (DepthEstimator estimator = DepthEstimator.open(bundle, options)) {
      for (int i = 0; i < rgbs.size(); i++) {
        RgbImage photo = decoder.decode(Files.readAllBytes(rgbs.get(i)), ImageFormat.PNG, 0, 0);
        DepthImage gt = DepthPngCodec.decode(Files.readAllBytes(gts.get(i)), gtScale);
        DepthPrediction prediction = estimator.predict(photo);
        DepthImage metric =
            align
                ? new ScaleShiftAlignment(protocol)
                    .align(prediction.relativeInverseDepth().metres(), gt)
                : prediction.depth();
        total.add(DepthEvaluator.evaluate(metric, gt, protocol));
      }
    }
    assertThat(total.count()).isPositive();
    DepthMetrics mean = total.mean();
    Map<String, Double> out = new LinkedHashMap<>();
    double[] values = mean.toArray();
    for (int k = 0; k < KEYS.length; k++) {
      out.put(KEYS[k], values[k]);
    }
    out.put("images", (double) total.count());
    if (mean.hasBoundaryError()) {
      out.put("dbe_acc", mean.dbeAccuracy());
      out.put("dbe_comp", mean.dbeCompleteness());
    }
    out.put("dbe_images", (double) total.boundaryCount());
    return out;
  }

  private static EngineOptions cpu() {
    return EngineOptions.defaults().withDevice(DeviceChoice.CPU);
  }

  /** depth = gain · mean(RGB)/255 + 0.5 metres, clipped to [0.1, maxDepth]. */
  private ModelBundle metricBundle(double maxDepth) {
    return OnnxTestModels.writeBundle(
        dir.resolve("metric"),
        "mean-metric",
        MeanModel.of((float) (0.8 * maxDepth), 0.5f, 16, 12),
        16,
        12,
        new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, maxDepth));
  }

  private Path synth(String scene, String layout, String size, int count) {
    Path out = dir.resolve("synth-" + scene + "-" + layout);
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    int exit =
        cli.execute(
            "synth",
            "--scene",
            scene,
            "--layout",
            layout,
            "--size",
            size,
            "--count",
            "" + count,
            "--test-fraction",
            "0.6",
            "--seed",
            "3",
            "--threads",
            "1",
            "--sheet-rows",
            "1",
            "--out",
            out.toString());
    assertThat(exit).as(err.toString()).isZero();
    return out;
  }

  private static List<Path> sorted(Path folder, String suffix) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    }
  }

  /** Smooth colour ramps with a seeded wobble, so a mean-intensity model sees varied depth. */
  private static RgbImage gradient(int w, int h, long seed) {
    Random random = new Random(seed);
    RgbImage image = RgbImage.blank(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.set(x, y, 20 + 200 * x / w, 30 + 180 * y / h, random.nextInt(40) + 100);
      }
    }
    return image;
  }

  private static DepthImage constant(int w, int h, float metres) {
    float[] values = new float[w * h];
    java.util.Arrays.fill(values, metres);
    return new DepthImage(w, h, values);
  }

  private static BufferedImage toBuffered(RgbImage image) {
    BufferedImage out =
        new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < image.height(); y++) {
      for (int x = 0; x < image.width(); x++) {
        out.setRGB(
            x,
            y,
            image.channel(x, y, 0) << 16 | image.channel(x, y, 1) << 8 | image.channel(x, y, 2));
      }
    }
    return out;
  }

  private static CommandRun run(String... options) {
    List<String> args = new ArrayList<>(List.of("evaluate"));
    args.addAll(List.of(options));
    return CommandRun.of(args.toArray(String[]::new));
  }

  private static void assertAgrees(
      Map<String, Double> actual, Map<String, Double> expected, double tolerance) {
    assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(actual.get("images")).isEqualTo(expected.get("images")).isGreaterThan(0);
    for (String key : KEYS) {
      assertThat(actual.get(key)).as(key).isCloseTo(expected.get(key), within(tolerance));
    }
    for (String key : new String[] {"dbe_acc", "dbe_comp"}) {
      if (expected.containsKey(key)) {
        assertThat(actual.get(key)).as(key).isCloseTo(expected.get(key), within(tolerance));
      }
    }
  }
}
