package io.depthstream.trainer.compare;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.DepthSample;
import io.depthstream.trainer.data.NyuCsvDataset;
import io.depthstream.trainer.data.NyuSplit;
import io.depthstream.trainer.data.RenderedScenes;
import io.depthstream.trainer.data.ValidationSplit;
import io.depthstream.trainer.export.BundleExporter;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.report.ComparisonReport;
import io.depthstream.trainer.report.CurvePoint;
import io.depthstream.trainer.report.QualitativeExample;
import io.depthstream.trainer.train.Checkpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs a {@link ComparisonPlan}: prepares the training, validation and test data once, trains (or
 * loads) each model, exports it to ONNX, scores it on the test set with ONNX Runtime, and writes
 * the report with the timing of every stage. Trained checkpoints and bundles stay in {@code
 * OUT/checkpoints} and {@code OUT/models}.
 */
final class Comparison {

  private static final String BUNDLE_VERSION = "0.0.0-compare";

  /** Grid cell width in pixels: wide enough for a column title like "densedepth-169 (F=256)". */
  private static final int GRID_CELL = 232;

  private final ComparisonPlan plan;
  private final PrintStream out;
  private final PrintStream progress;
  private final Map<String, Duration> stages = new LinkedHashMap<>();
  private final double loadAtStart =
      ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

  Comparison(ComparisonPlan plan, PrintStream out, PrintStream progress) {
    this.plan = plan;
    this.out = out;
    this.progress = progress;
  }

  /** One model's line in the report. */
  private record Row(
      String name, long parameters, List<CurvePoint> curve, TestSetEvaluation.Outcome outcome) {}

  List<Path> run() throws IOException {
    EvaluationProtocol protocol =
        new EvaluationProtocol(1e-3, plan.maxDepth(), plan.data() != null ? Crop.EIGEN : Crop.NONE);
    List<AutoCloseable> open = new ArrayList<>();
    try {
      DepthDataset train = timed("prepare training images", () -> trainingSet(open));
      DepthDataset test = timed("prepare test images", () -> testSet(open));
      ValidationSplit split = ValidationSplit.of(train, plan.validationFraction(), plan.seed());
      out.printf(
          "comparing %d model(s): %d train / %d validation / %d test images%n",
          plan.contenders().size(), split.train().size(), split.validation().size(), test.size());
      int[] shown = QualitativeExample.pickIndices(test.size(), plan.gridRows(), plan.seed());
      TestSetEvaluation evaluation = new TestSetEvaluation(protocol, plan.threads(), shown);
      List<Row> rows = new ArrayList<>();
      for (Contender c : plan.contenders()) {
        rows.add(evaluate(c, split, protocol, evaluation, test));
      }
      ComparisonReport.Builder report =
          ComparisonReport.builder()
              .title(title())
              .evaluation(evaluationText(protocol, test))
              .execution(plan.command(), datasetText(split, test))
              .cellWidth(GRID_CELL);
      for (Row r : rows) {
        report.run(
            r.name(), r.parameters(), r.outcome().msPerFrame(), r.outcome().metrics(), r.curve());
      }
      report.qualitative(examples(test, shown, rows));
      stages.forEach(report::duration);
      List<Path> written = report.write(plan.out());
      out.printf("report: %s%n", plan.out().resolve(ComparisonReport.MARKDOWN));
      return written;
    } finally {
      for (AutoCloseable c : open) {
        try {
          c.close();
        } catch (Exception e) {
          progress.println("closing " + c + " failed: " + e.getMessage());
        }
      }
    }
  }

  private Row evaluate(
      Contender c,
      ValidationSplit split,
      EvaluationProtocol protocol,
      TestSetEvaluation evaluation,
      DepthDataset test)
      throws IOException {
    ModelBundle bundle;
    String name;
    long parameters = 0;
    List<CurvePoint> curve = List.of();
    if (c.kind() == Contender.Kind.BUNDLE) {
      bundle = ModelBundle.load(c.path());
      name = bundle.label();
    } else {
      Checkpoint checkpoint;
      if (c.kind() == Contender.Kind.TRAIN) {
        ModelConfig config = config(c);
        name = label(config);
        ModelTraining.Result trained =
            timed(
                "train " + name,
                () ->
                    new ModelTraining(plan.epochs(), plan.batch(), plan.learningRate(), plan.seed())
                        .train(
                            config,
                            split.train(),
                            split.validation(),
                            protocol,
                            plan.command(),
                            progress));
        checkpoint = trained.checkpoint();
        curve = trained.curve();
        checkpoint.write(plan.out().resolve("checkpoints").resolve(config.id() + ".ckpt"));
      } else {
        checkpoint = Checkpoint.read(c.path());
        name = label(checkpoint.config()) + " [" + c.path().getFileName() + "]";
      }
      parameters = checkpoint.config().network().parameterCount();
      Checkpoint exported = checkpoint;
      String id = checkpoint.config().id();
      bundle =
          timed(
              "export " + name + " to ONNX",
              () -> {
                try {
                  return BundleExporter.export(
                      exported, plan.out().resolve("models"), id, BUNDLE_VERSION);
                } catch (IOException e) {
                  throw new UncheckedIOException("exporting " + id + ": " + e.getMessage(), e);
                }
              });
    }
    ModelBundle b = bundle;
    TestSetEvaluation.Outcome outcome =
        timed("evaluate " + name + " (ONNX Runtime, CPU)", () -> evaluation.run(b, test));
    out.printf(
        Locale.ROOT,
        "%s: delta1 %.3f  abs_rel %.3f  rmse %.3f  %.1f ms/frame (median of %d)%n",
        name,
        outcome.metrics().delta1(),
        outcome.metrics().absRel(),
        outcome.metrics().rmse(),
        outcome.msPerFrame(),
        outcome.images());
    return new Row(name, parameters, curve, outcome);
  }

  private ModelConfig config(Contender c) {
    Architecture a = c.architecture();
    int f = a.denseNet() != null ? plan.decoderWidth() : 0;
    return new ModelConfig(a, f, plan.height(), plan.width(), plan.maxDepth(), c.head());
  }

  /** The report's row name: id with head, and DenseDepth's decoder width. */
  private static String label(ModelConfig config) {
    return config.architecture().denseNet() == null
        ? config.id()
        : config.id() + " (F=" + config.effectiveDecoderWidth() + ")";
  }

  private DepthDataset trainingSet(List<AutoCloseable> open) {
    if (plan.data() == null) {
      return RenderedScenes.render(
          plan.scene(),
          RenderedScenes.Role.TRAIN,
          plan.seed(),
          plan.trainCount(),
          plan.width(),
          plan.height(),
          renderThreads());
    }
    NyuCsvDataset nyu = NyuCsvDataset.open(plan.data(), NyuSplit.TRAIN);
    open.add(nyu);
    return SampleSubset.of(nyu, plan.trainCount(), plan.seed());
  }

  private DepthDataset testSet(List<AutoCloseable> open) {
    if (plan.data() == null) {
      return RenderedScenes.render(
          plan.scene(),
          RenderedScenes.Role.TEST,
          plan.seed(),
          plan.testCount(),
          plan.width(),
          plan.height(),
          renderThreads());
    }
    NyuCsvDataset nyu = NyuCsvDataset.open(plan.data(), NyuSplit.TEST);
    open.add(nyu);
    return SampleSubset.of(nyu, plan.testCount(), plan.seed());
  }

  private int renderThreads() {
    return plan.threads() > 0 ? plan.threads() : Runtime.getRuntime().availableProcessors();
  }

  private List<QualitativeExample> examples(DepthDataset test, int[] shown, List<Row> rows) {
    List<QualitativeExample> examples = new ArrayList<>();
    for (int index : shown) {
      DepthSample sample = test.sample(index);
      Map<String, DepthImage> predictions = new LinkedHashMap<>();
      for (Row r : rows) {
        predictions.put(r.name(), r.outcome().kept().get(index));
      }
      examples.add(
          new QualitativeExample("test " + index, sample.rgb(), sample.depth(), predictions));
    }
    return examples;
  }

  private <T> T timed(String stage, Supplier<T> work) {
    long t0 = System.nanoTime();
    T result = work.get();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    stages.put(stage, took);
    out.printf(Locale.ROOT, "%s: %.1f s%n", stage, took.toMillis() / 1000.0);
    return result;
  }

  private String title() {
    List<String> names = new ArrayList<>();
    for (Contender c : plan.contenders()) {
      names.add(
          c.kind() == Contender.Kind.TRAIN ? config(c).id() : c.path().getFileName().toString());
    }
    String data =
        plan.data() != null
            ? "NYU-layout data"
            : "synthetic " + plan.scene().name().toLowerCase(Locale.ROOT);
    return String.join(" vs ", names) + " on " + data;
  }

  private String evaluationText(EvaluationProtocol protocol, DepthDataset test) {
    return String.format(
        Locale.ROOT,
        "Test set: %s. Every model is exported to ONNX and run by ONNX Runtime on the CPU"
            + " (DepthEstimator, one frame per call, %s intra-op threads, no flip test); its"
            + " prediction, upsampled to the ground truth's size, is scored over pixels with"
            + " %.3g m < depth < %.0f m, crop %s, predictions clipped to that range; metrics are"
            + " means over images. ms/frame is the median wall time of one predict call"
            + " (resize + inference + decode) over the test set after one warm-up frame, on this"
            + " machine (%d cores, load average %.1f when the run started); times depend on what"
            + " else the machine runs, so compare the models with each other rather than across"
            + " machines. Training: %dx%d input, %d epoch(s), batch %d, Adam"
            + " lr %s, DenseNet decoder width F=%d (the paper uses 1664 for 169), each model with its"
            + " own loss (DenseDepth and DeepLab regression: 0.1·L1 + gradient + SSIM;"
            + " baseline-conv: L1 + SSIM;"
            + " baseline-bn: L1), no ImageNet weights, seed %d for the data, initialisation,"
            + " shuffling and augmentation (flip, channel swap). Multi-threaded ND4J and ONNX Runtime"
            + " may sum in a different order from run to run, so the last digits can differ; run"
            + " with OMP_NUM_THREADS=1 --threads 1 for the most repeatable numbers.%s",
        test.name(),
        plan.threads() > 0 ? Integer.toString(plan.threads()) : "default",
        protocol.minDepth(),
        protocol.maxDepth(),
        protocol.crop().name().toLowerCase(Locale.ROOT),
        Runtime.getRuntime().availableProcessors(),
        loadAtStart,
        plan.width(),
        plan.height(),
        plan.epochs(),
        plan.batch(),
        plan.learningRate(),
        plan.decoderWidth(),
        plan.seed(),
        classificationText());
  }

  /** How classification contenders were trained and read out; empty when there are none. */
  private String classificationText() {
    boolean any =
        plan.contenders().stream()
            .anyMatch(c -> c.kind() == Contender.Kind.TRAIN && c.head().isClassification());
    if (!any) {
      return "";
    }
    return String.format(
        Locale.ROOT,
        " Classification heads (sidK: K bins evenly spaced in log depth; udK: evenly in depth)"
            + " span [%s, %s] m and train with pixel-wise softmax cross-entropy against the"
            + " ground truth's bin, ignoring pixels without depth or beyond %s m; they are"
            + " exported as depth_bins bundles and read out as the softmax expectation over the"
            + " bin centres, so they are scored by the same evaluator on the same pixels.",
        metres(plan.maxDepth() / ModelConfig.DEPTH_RATIO),
        metres(plan.maxDepth()),
        metres(plan.maxDepth()));
  }

  /** 0.8, 80, 0.1: three significant digits without trailing zeros. */
  private static String metres(double value) {
    return new BigDecimal(String.format(Locale.ROOT, "%.3g", value))
        .stripTrailingZeros()
        .toPlainString();
  }

  private String datasetText(ValidationSplit split, DepthDataset test) {
    return split.train().name()
        + "; validation (curves only): "
        + split.validation().name()
        + "; test: "
        + test.name();
  }
}
