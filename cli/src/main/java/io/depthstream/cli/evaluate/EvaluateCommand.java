package io.depthstream.cli.evaluate;

import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.DepthEvaluator;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.core.progress.ProgressBar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ./depthstream evaluate}: scores depth predictions against ground truth under the protocol
 * of DESIGN.md and prints the mean over images. Exit code 0 when scored, 2 for input that cannot be
 * scored (the message names the file).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = {
      "Score depth predictions against ground truth: per image over pixels with"
          + " min-depth < gt < max-depth inside the crop, predictions clipped to that range,"
          + " then the mean over images.",
      "Predictions and ground truth are 16-bit PNGs (value x scale = metres, 0 = invalid),"
          + " paired by file name."
    },
    exitCodeOnInvalidInput = 2)
public final class EvaluateCommand implements Callable<Integer> {

  static final int EXIT_BAD_INPUT = 2;

  @Spec private CommandSpec spec;

  @Option(
      names = "--pred",
      required = true,
      paramLabel = "DIR",
      description = "Directory of predicted depth PNGs.")
  private Path predictions;

  @Option(
      names = "--gt",
      required = true,
      paramLabel = "DIR",
      description = "Directory of ground-truth depth PNGs, same file names.")
  private Path groundTruths;

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
      description = "Metres per PNG unit of the ground truth only (default: --scale).")
  private Double groundTruthScale;

  @Option(
      names = "--min-depth",
      paramLabel = "M",
      defaultValue = "1e-3",
      description = "Ground truth at or below this is not scored (metres). Default: ${DEFAULT-VALUE}.")
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
      names = "--json",
      description = "Also print the means as one JSON object, the last line of output.")
  private boolean json;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      EvaluationProtocol protocol = protocol();
      DepthPairSource source =
          new PngDirectoryPairs(
              predictions,
              groundTruths,
              predictionScale != null ? predictionScale : scale,
              groundTruthScale != null ? groundTruthScale : scale);
      MetricsAccumulator total = score(source, protocol);
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
      out.println(MetricsReport.table(total.mean(), total.count()));
      if (json) {
        out.println(MetricsReport.json(total.mean(), total.count()));
      }
      out.flush();
      return 0;
    } catch (EvaluationInputException | IllegalArgumentException e) {
      err.println("evaluate: " + e.getMessage());
      err.flush();
      return EXIT_BAD_INPUT;
    }
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
    DepthEvaluator evaluator = new DepthEvaluator(protocol);
    MetricsAccumulator total = new MetricsAccumulator();
    try (ProgressBar progress = new ProgressBar("evaluate", source.size(), "images", System.err)) {
      for (int i = 0; i < source.size(); i++) {
        DepthPair pair = source.load(i);
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
        throw new TypeConversionException(
            "'" + value + "' is not a crop; use none, eigen or garg");
      }
    }
  }
}
