package io.depthstream.cli.evaluate;

import io.depthstream.cli.TypedCommand;
import io.depthstream.cli.predict.ModelRunOptions;
import io.depthstream.cli.synth.SynthProvenance;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.HeldOutEvaluation;
import io.depthstream.core.inference.InferenceException;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelBundleException;
import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.DepthEvaluator;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.core.progress.ProgressBar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.BiConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ./depthstream evaluate}: scores depth predictions against ground truth under the protocol
 * of docs/DESIGN.md and prints the mean over images. The predictions are PNGs on disk ({@code
 * --pred --gt}) or come from running a model bundle over a dataset ({@code --model --data}); both
 * print the same table and JSON. Exit code 0 when scored, 2 for input that cannot be scored (the
 * message names the file), 1 when the model fails to run.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Score depth predictions against ground truth: per image over pixels with"
          + " min-depth < gt < max-depth inside the crop, predictions clipped to that range,"
          + " then the mean over images.",
      "Either --pred DIR --gt DIR: predictions and ground truth are 16-bit PNGs (value x scale"
          + " = metres, 0 = invalid), paired by file name.",
      "Or --model BUNDLE --data DIR: runs the model (ONNX Runtime) on a dataset in DenseDepth's"
          + " NYU layout (DIR/data/nyu2_test.csv, 16-bit mm), KITTI drives"
          + " (image_02/data + proj_depth/groundtruth/image_02, 1/256 m) or DIR/rgb + DIR/depth"
          + " (paired by name, --gt-scale). inverse_relative models are aligned per image to the"
          + " ground truth (least-squares scale and shift in inverse depth) before scoring."
    },
    exitCodeOnInvalidInput = 2)
public final class EvaluateCommand implements Callable<Integer> {

  static final int EXIT_BAD_INPUT = 2;

  @Spec private CommandSpec spec;

  static final int EXIT_MODEL_FAILED = 1;

  @Option(names = "--pred", paramLabel = "DIR", description = "Directory of predicted depth PNGs.")
  private Path predictions;

  @Option(
      names = "--gt",
      paramLabel = "DIR",
      description = "Directory of ground-truth depth PNGs, same file names.")
  private Path groundTruths;

  @Option(
      names = "--model",
      paramLabel = "BUNDLE",
      description = "Model bundle directory (model.onnx + model.json) to run on --data.")
  private Path model;

  @Option(
      names = "--data",
      paramLabel = "DIR",
      description = "Dataset for --model: NYU, KITTI or rgb/ + depth/ layout, detected.")
  private Path data;

  @Option(
      names = "--oracle",
      paramLabel = "WxH",
      description =
          "With --data instead of --model: score the best any model whose depth output is WxH"
              + " can (64x48 for a 128x96 DenseDepth): the dataset's dense depth shrunk to WxH as"
              + " the trainer makes its targets and enlarged as the service publishes; cells"
              + " without depth (sky) predict --max-depth. KITTI needs synth's depth_dense/.")
  private String oracle;

  @Option(
      names = "--write-predictions",
      paramLabel = "DIR",
      description =
          "With --model: keep the scored depth as DIR/pred/NAME.png and the ground truth as"
              + " DIR/gt/NAME.png, in the dataset's scale, for re-scoring with --pred/--gt.")
  private Path writePredictions;

  @Mixin private ModelRunOptions run;

  @Option(
      names = "--scale",
      paramLabel = "S",
      defaultValue = "0.001",
      description =
          "Metres per PNG unit for both directories: 0.001 (mm, NYU) or 0.00390625 (1/256, KITTI)."
              + " Default: ${DEFAULT-VALUE}.")
  private double scale;

  @Option(
      names = "--pred-scale",
      paramLabel = "S",
      description = "Metres per PNG unit of the predictions only (default: --scale).")
  private Double predictionScale;

  @Option(
      names = "--gt-scale",
      paramLabel = "S",
      description =
          "Metres per PNG unit of the ground truth only (default: --scale); with --data, of the"
              + " rgb/ + depth/ layout (NYU is mm and KITTI 1/256 by definition).")
  private Double groundTruthScale;

  @Option(
      names = "--min-depth",
      paramLabel = "M",
      defaultValue = "1e-3",
      description =
          "Ground truth at or below this is not scored (metres). Default: ${DEFAULT-VALUE}.")
  private double minDepth;

  @Option(
      names = "--max-depth",
      paramLabel = "M",
      defaultValue = "10",
      description =
          "Ground truth at or above this is not scored, predictions are capped here (metres):"
              + " 10 for NYU, 80 for KITTI. Default: ${DEFAULT-VALUE}.")
  private double maxDepth;

  @Option(
      names = "--crop",
      paramLabel = "CROP",
      defaultValue = "none",
      converter = CropConverter.class,
      description =
          "none, eigen (NYU: rows 45-470, cols 41-600 of 480x640, scaled) or garg (KITTI)."
              + " Default: ${DEFAULT-VALUE}.")
  private Crop crop;

  @Option(
      names = "--sheet",
      paramLabel = "PNG",
      description =
          "With --model: also write a picture sheet, one row per image spread over the set: camera"
              + " picture, ground truth, prediction (turbo colours, 0 m red to --max-depth dark).")
  private Path sheet;

  @Option(
      names = "--sheet-rows",
      paramLabel = "N",
      defaultValue = "6",
      description = "Rows of the --sheet picture. Default: ${DEFAULT-VALUE}.")
  private int sheetRows;

  @Option(
      names = "--record",
      paramLabel = "NAME",
      description =
          "With --model: write the result into the bundle's model.json as held-out evaluation NAME"
              + " (replacing an earlier one of that name), with this command and the command that"
              + " made --data (read from the synth.json that synth writes).")
  private String record;

  @Option(
      names = "--json",
      description = "Also print the means as one JSON object, the last line of output.")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      EvaluationProtocol protocol = protocol();
      if (oracle != null) {
        return evaluateOracle(protocol, out);
      }
      if (modelMode()) {
        return evaluateModel(protocol, out, err);
      }
      DepthPairSource source =
          new PngDirectoryPairs(
              predictions,
              groundTruths,
              predictionScale != null ? predictionScale : scale,
              groundTruthScale != null ? groundTruthScale : scale);
      report(source, score(source, protocol), protocol, out);
      return 0;
    } catch (EvaluationInputException | IllegalArgumentException | ModelBundleException e) {
      err.println("evaluate: " + e.getMessage());
      err.flush();
      return EXIT_BAD_INPUT;
    } catch (InferenceException e) {
      err.println("evaluate: " + e.getMessage());
      err.flush();
      return EXIT_MODEL_FAILED;
    }
  }

  /** True for --model/--data, false for --pred/--gt; refuses mixtures and halves. */
  private boolean modelMode() {
    boolean pngs = predictions != null || groundTruths != null;
    boolean models = model != null || data != null;
    if (pngs && models) {
      throw new IllegalArgumentException(
          "give either --pred and --gt (score PNGs) or --model and --data (run a model), not both");
    }
    if (models && (model == null || data == null)) {
      throw new IllegalArgumentException(
          "--model and --data go together: the bundle to run and the dataset to run it on");
    }
    if (!models && (predictions == null || groundTruths == null)) {
      throw new IllegalArgumentException(
          "give --pred DIR and --gt DIR (PNGs paired by name), or --model BUNDLE and --data DIR");
    }
    if (!models && sheet != null) {
      throw new IllegalArgumentException("--sheet needs --model and --data: it shows the pictures");
    }
    if (sheetRows < 1) {
      throw new IllegalArgumentException("--sheet-rows must be at least 1, got " + sheetRows);
    }
    if (!models && record != null) {
      throw new IllegalArgumentException(
          "--record needs --model and --data: it writes to a bundle");
    }
    if (!models && writePredictions != null) {
      throw new IllegalArgumentException("--write-predictions needs --model and --data");
    }
    if (models && predictionScale != null) {
      throw new IllegalArgumentException(
          "--pred-scale is for --pred PNGs; a model's predictions are metres already");
    }
    return models;
  }

  private int evaluateOracle(EvaluationProtocol protocol, PrintWriter out) {
    if (data == null || model != null || predictions != null || groundTruths != null) {
      throw new IllegalArgumentException(
          "--oracle scores a dataset's own dense depth: give it with --data, without --model,"
              + " --pred or --gt");
    }
    if (sheet != null || record != null || writePredictions != null) {
      throw new IllegalArgumentException(
          "--sheet, --record and --write-predictions need a model; --oracle runs none");
    }
    int[] size = OraclePairs.size(oracle);
    EvaluationDataset dataset = dataset();
    OraclePairs source = new OraclePairs(dataset, size[0], size[1], protocol.maxDepth());
    report(source, score(source, protocol), protocol, out);
    return 0;
  }

  /** The --data dataset; an rgb/ + depth/ layout reads its depth at --gt-scale, else --scale. */
  private EvaluationDataset dataset() {
    return EvaluationDataset.detect(data, groundTruthScale != null ? groundTruthScale : scale);
  }

  private int evaluateModel(EvaluationProtocol protocol, PrintWriter out, PrintWriter err) {
    EvaluationDataset dataset = dataset();
    ModelBundle bundle = ModelBundle.load(model);
    if (dataset.layout() == DatasetLayout.KITTI
        && (protocol.maxDepth() != EvaluationProtocol.KITTI.maxDepth()
            || protocol.crop() != Crop.GARG)) {
      err.println(
          "evaluate: note: KITTI layout; the KITTI Eigen protocol is --max-depth 80 --crop garg"
              + " (now "
              + protocol
              + ")");
      err.flush();
    }
    PredictionArchive archive =
        writePredictions == null
            ? null
            : new PredictionArchive(writePredictions, dataset.depthScale());
    try (DepthEstimator estimator = DepthEstimator.open(bundle, run.engineOptions())) {
      ModelPairs source =
          new ModelPairs(estimator, dataset, protocol, run.batch(), run.decoder(), archive);
      ResultSheet pictures = sheet == null ? null : new ResultSheet(source, sheetRows, protocol);
      MetricsAccumulator total =
          score(source, protocol, pictures == null ? (i, pair) -> {} : pictures::offer);
      if (pictures != null) {
        pictures.write(sheet);
        out.println("picture sheet: " + sheet);
      }
      if (archive != null) {
        out.println(
            "predictions in "
                + archive.predictions()
                + ", ground truth in "
                + archive.groundTruths()
                + "; re-score with: evaluate --pred "
                + archive.predictions()
                + " --gt "
                + archive.groundTruths()
                + " --scale "
                + archive.scale()
                + " --min-depth "
                + protocol.minDepth()
                + " --max-depth "
                + protocol.maxDepth()
                + " --crop "
                + protocol.crop().name().toLowerCase(Locale.ROOT));
      }
      if (record != null && total.count() > 0) {
        HeldOutEvaluation evaluation =
            new HeldOutEvaluation(
                record,
                SynthProvenance.commandThatMade(data).orElse(data.toString()),
                TypedCommand.of(spec),
                (int) total.count(),
                MetricsReport.byName(total.mean()));
        bundle.withHeldOut(evaluation).write(bundle.directory());
        out.println(
            "recorded as held-out evaluation '" + record + "' in " + bundle.descriptorFile());
      }
      report(source, total, protocol, out);
      return 0;
    }
  }

  /** The summary, the source's notes, the table and, when asked, the JSON as the last line. */
  private void report(
      DepthPairSource source,
      MetricsAccumulator total,
      EvaluationProtocol protocol,
      PrintWriter out) {
    if (total.count() == 0) {
      throw new EvaluationInputException(
          "none of the "
              + source.size()
              + " ground-truth images has a pixel with "
              + protocol
              + "; check --gt-scale and --max-depth");
    }
    out.println(
        MetricsReport.summary(source.description(), protocol, total.count(), total.skipped()));
    for (String note : source.notes()) {
      out.println("  " + note);
    }
    if (total.boundaryCount() > 0) {
      out.println("  " + MetricsReport.boundaryNote(total.boundaryCount(), total.count()));
    }
    out.println(MetricsReport.table(total.mean(), total.count()));
    if (json) {
      out.println(MetricsReport.json(total.mean(), total.count(), total.boundaryCount()));
    }
    out.flush();
  }

  private EvaluationProtocol protocol() {
    for (double s : new double[] {scale, orNaN(predictionScale), orNaN(groundTruthScale)}) {
      if (!Double.isNaN(s) && !(s > 0 && Double.isFinite(s))) {
        throw new IllegalArgumentException(
            "scales must be positive metres per PNG unit (0.001 for mm), got " + s);
      }
    }
    return new EvaluationProtocol(minDepth, maxDepth, crop);
  }

  private static double orNaN(Double value) {
    return value == null ? Double.NaN : value;
  }

  /** Scores every pair of {@code source}, one at a time. */
  static MetricsAccumulator score(DepthPairSource source, EvaluationProtocol protocol) {
    return score(source, protocol, (i, pair) -> {});
  }

  /** Scores every pair of {@code source}, one at a time, showing each to {@code seen}. */
  static MetricsAccumulator score(
      DepthPairSource source, EvaluationProtocol protocol, BiConsumer<Integer, DepthPair> seen) {
    DepthEvaluator evaluator = new DepthEvaluator(protocol);
    MetricsAccumulator total = new MetricsAccumulator();
    try (ProgressBar progress = new ProgressBar("evaluate", source.size(), "images", System.err)) {
      for (int i = 0; i < source.size(); i++) {
        DepthPair pair = source.load(i);
        seen.accept(i, pair);
        total.add(evaluator.evaluate(pair.prediction(), pair.groundTruth()));
        progress.step();
      }
    }
    return total;
  }

  /** Accepts crop names in any case, as users type them. */
  static final class CropConverter implements ITypeConverter<Crop> {
    @Override
    public Crop convert(String value) {
      try {
        return Crop.valueOf(value.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("'" + value + "' is not a crop; use none, eigen or garg");
      }
    }
  }
}
