package io.depthstream.trainer.compare;

import io.depthstream.core.synth.SceneKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code compare}: trains (or loads) several models on the same data under the same protocol and
 * writes a comparison report: the DenseDepth paper's metrics table with parameters and measured
 * ms/frame, training curves and a qualitative grid.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Train several models on the same data with the same seeds, score them on one held-out test"
          + " set under one protocol, and write OUT/report.md, OUT/report.html and PNG figures.",
      "Metrics and ms/frame come from each model exported to ONNX and run by ONNX Runtime on the"
          + " CPU, one frame per call. The default run (DenseNet-169 vs DenseNet-121 vs the plain"
          + " CNN baseline on synthetic rooms, 64x64) took 30 minutes on a busy 2-core VM;"
          + " --quick is a smoke test of seconds."
    })
public final class CompareCommand implements Callable<Integer> {

  static final String DEFAULT_MODELS = "densedepth-169,densedepth-121,baseline-conv";
  static final String QUICK_MODELS = "densedepth-tiny,baseline-conv,baseline-bn";

  @Spec CommandSpec spec;

  @Option(
      names = "--models",
      description =
          "Comma-separated: model ids to train (densedepth-169, densedepth-121, densedepth-mini, densedepth-tiny,"
              + " deeplab-resnet101, deeplab-resnet50, deeplab-resnet101-os16,"
              + " deeplab-resnet50-os16, deeplab-tiny, baseline-conv, baseline-bn), each with an"
              + " optional :head (regression, sid, ud, or with K: sid71; DeepLab defaults to sid,"
              + " the rest to regression), checkpoint files, or bundle directories to evaluate"
              + " as they are. E.g. densedepth-tiny,densedepth-tiny:sid71 compares regression"
              + " with classification on one encoder. Default: "
              + DEFAULT_MODELS
              + " (--quick: "
              + QUICK_MODELS
              + ").")
  String models;

  @Option(
      names = "--bins",
      defaultValue = "71",
      description =
          "K for classification entries that name no count (densedepth-tiny:sid, deeplab-tiny)."
              + " Default: ${DEFAULT-VALUE}.")
  int bins;

  @Option(
      names = "--scene",
      defaultValue = "indoor",
      description =
          "Synthetic scene: indoor (rooms, 10 m) or street (80 m). Default: ${DEFAULT-VALUE}.")
  String scene;

  @Option(
      names = "--data",
      description =
          "A DenseDepth-layout NYU directory or zip (e.g. from ./depthstream synth --layout nyu)"
              + " instead of rendering frames; scored with NYU's protocol (10 m cap, Eigen crop).")
  Path data;

  @Option(
      names = "--train-count",
      description = "Training images (10%% held out for validation). Default: 600 (--quick: 8).")
  Integer trainCount;

  @Option(
      names = "--test-count",
      description = "Test images, from rooms never trained on. Default: 100 (--quick: 4).")
  Integer testCount;

  @Option(
      names = "--size",
      description = "Model input WxH, multiples of 32. Default: 64x64 (--quick: 32x32).")
  String size;

  @Option(
      names = "--decoder-width",
      description =
          "DenseDepth decoder width F (the paper uses the encoder's 1664/1024). Default: 256 (--quick: 16).")
  Integer decoderWidth;

  @Option(
      names = "--epochs",
      description = "Passes over the training images. Default: 5 (--quick: 1).")
  Integer epochs;

  @Option(names = "--batch", description = "Images per Adam step. Default: 8 (--quick: 4).")
  Integer batch;

  @Option(names = "--lr", description = "Adam learning rate. Default: 5e-4 (--quick: 1e-3).")
  Double learningRate;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description =
          "Seed of data, initialisation, shuffling and augmentation. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description =
          "Math threads for ND4J and ONNX Runtime; 0 = one per core. Default: ${DEFAULT-VALUE}.")
  int threads;

  @Option(
      names = "--grid-rows",
      description = "Test images in the qualitative grid. Default: 4 (--quick: 2).")
  Integer gridRows;

  @Option(
      names = "--out",
      defaultValue = "reports/compare",
      description =
          "Report directory (checkpoints/ and models/ go inside it). Default: ${DEFAULT-VALUE}.")
  Path out;

  @Option(
      names = "--quick",
      description =
          "A tiny configuration for smoke tests and CI (tiny DenseNet, 32x32, 8 images, 1 epoch).")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    ComparisonPlan plan = plan();
    if (threads > 0) {
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
      Nd4j.getEnvironment().setMaxThreads(threads);
    }
    new Comparison(plan, System.out, System.err).run();
    return 0;
  }

  ComparisonPlan plan() {
    List<Contender> contenders = new ArrayList<>();
    for (String entry : pick(models, DEFAULT_MODELS, QUICK_MODELS).split(",")) {
      contenders.add(Contender.parse(entry, bins));
    }
    int[] wh = parseSize(pick(size, "64x64", "32x32"));
    return new ComparisonPlan(
        contenders,
        parseScene(scene),
        data,
        pick(trainCount, 600, 8),
        pick(testCount, 100, 4),
        wh[0],
        wh[1],
        pick(decoderWidth, 256, 16),
        pick(epochs, 5, 1),
        pick(batch, 8, 4),
        pick(learningRate, 5e-4, 1e-3),
        0.1,
        seed,
        threads,
        pick(gridRows, 4, 2),
        out,
        commandLine());
  }

  private <T> T pick(T given, T normal, T quickValue) {
    return given != null ? given : quick ? quickValue : normal;
  }

  static SceneKind parseScene(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "indoor" -> SceneKind.INDOOR;
      case "street" -> SceneKind.STREET;
      default ->
          throw new IllegalArgumentException(
              "--scene '" + s + "' is unknown; use indoor or street");
    };
  }

  static int[] parseSize(String s) {
    String[] parts = s.trim().toLowerCase(Locale.ROOT).split("x");
    try {
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException("--size '" + s + "' is not WxH, e.g. 64x64 or 128x96");
  }

  /**
   * The command as typed, with the environment that shapes the run: OpenMP threads change the order
   * of floating-point sums, JVM options bound ND4J's off-heap memory.
   */
  private String commandLine() {
    StringBuilder c = new StringBuilder();
    for (String variable : List.of("OMP_NUM_THREADS", "DEPTHSTREAM_JAVA_OPTS")) {
      String value = System.getenv(variable);
      if (value != null && !value.isBlank()) {
        c.append(variable)
            .append('=')
            .append(value.contains(" ") ? "'" + value + "'" : value)
            .append(' ');
      }
    }
    c.append("./depthstream compare");
    List<String> args = spec.commandLine().getParseResult().originalArgs();
    // run through Main, the arguments start with the subcommand's own name
    if (!args.isEmpty() && args.get(0).equals(spec.name())) {
      args = args.subList(1, args.size());
    }
    for (String arg : args) {
      c.append(' ').append(arg.matches("[A-Za-z0-9_./:=,+-]+") ? arg : "'" + arg + "'");
    }
    return c.toString();
  }
}
