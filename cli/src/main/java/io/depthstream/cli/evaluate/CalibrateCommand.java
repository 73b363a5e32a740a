package io.depthstream.cli.evaluate;

import io.depthstream.cli.TypedCommand;
import io.depthstream.cli.predict.ModelRunOptions;
import io.depthstream.cli.synth.SynthProvenance;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.Resampling;
import io.depthstream.core.inference.DepthCalibration;
import io.depthstream.core.inference.DepthCalibrationFit;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.HeldOutEvaluation;
import io.depthstream.core.inference.InferenceException;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelBundleException;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.progress.ProgressBar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Fits a bundle's {@link DepthCalibration} on frames with known depth and writes it into its {@code
 * model.json}: the model runs as {@code evaluate} runs it (without any calibration it had), and
 * every pixel the dataset's protocol scores adds its (prediction, truth) pair to the fit.
 */
@Command(
    name = "calibrate",
    mixinStandardHelpOptions = true,
    description = {
      "Fit a depth calibration for a model bundle and write it into its model.json"
          + " (output.calibration), so the service, predict and evaluate correct every depth"
          + " the model predicts toward the mean truth seen at that prediction: a monotone curve"
          + " fitted by least squares over the scored pixels, as the engine applies it (at the"
          + " model's resolution, before enlarging). It lowers rmse where a network trained on"
          + " log and inverse depth predicts nearer than the mean (far away).",
      "Give it frames the model will not be scored on: calibration worlds of synth (another"
          + " --seed), never the held-out sets (frames made by the command of one of the bundle's"
          + " held-out evaluations are refused). Each --data is scored by its layout's protocol:"
          + " NYU with the Eigen crop to 10 m, KITTI with the Garg crop to 80 m, rgb/ + depth/"
          + " folders uncropped to the model's max depth. The held-out results in model.json"
          + " were measured without it: re-run their commands afterwards."
    },
    exitCodeOnInvalidInput = 2)
public final class CalibrateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "BUNDLE",
      description = "Model bundle directory (model.onnx + model.json) to calibrate.")
  private Path model;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "DIR",
      description =
          "Frames with depth: NYU, KITTI or rgb/ + depth/ layout, detected. Repeat it to fit"
              + " on several (rooms and streets for a model of both).")
  private List<Path> data;

  @Option(
      names = "--knots",
      paramLabel = "N",
      defaultValue = "32",
      description =
          "Knots of the curve, evenly spaced in log depth from the model's min_depth to its"
              + " max_depth. Default: ${DEFAULT-VALUE}.")
  private int knots;

  @Option(
      names = "--min-pixels",
      paramLabel = "N",
      defaultValue = "500",
      description =
          "Pixels a knot's bin needs to be trusted; a thinner one borrows the nearest trusted"
              + " gain. Default: ${DEFAULT-VALUE}.")
  private long minPixels;

  @Option(
      names = "--bundle-version",
      paramLabel = "V",
      description =
          "The calibrated bundle's version (it predicts other depths, so consumers should see a"
              + " new one). Default: the bundle's version, unchanged.")
  private String bundleVersion;

  @Option(
      names = "--dry-run",
      description = "Print the fitted curve without writing it into model.json.")
  private boolean dryRun;

  @Mixin private ModelRunOptions run;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      if (minPixels < 1) {
        throw new IllegalArgumentException("--min-pixels must be at least 1, got " + minPixels);
      }
      if (run.engineOptions().flipTest()) {
        throw new IllegalArgumentException(
            "--flip-test is not for calibrate: the curve corrects each pass of the model before"
                + " any averaging, so it is fitted on single passes");
      }
      ModelBundle bundle = ModelBundle.load(model);
      if (bundle.output().kind() == OutputKind.INVERSE_RELATIVE) {
        throw new IllegalArgumentException(
            bundle.label() + " predicts relative inverse depth; only metric depth is calibrated");
      }
      ModelBundle uncalibrated =
          bundle.withOutput(bundle.output().withCalibration(Optional.empty()));
      DepthCalibrationFit fit =
          new DepthCalibrationFit(bundle.output().minDepth(), bundle.output().maxDepth(), knots);
      // Every set is checked before the model runs on the first.
      List<String> madeBy = new ArrayList<>();
      for (Path dir : data) {
        Optional<String> command = SynthProvenance.commandThatMade(dir);
        refuseHeldOut(bundle, dir, command);
        madeBy.add(command.orElse(dir.toString()));
      }
      try (DepthEstimator estimator = DepthEstimator.open(uncalibrated, run.engineOptions())) {
        for (Path dir : data) {
          // rgb/ + depth/ folders hold millimetres, as evaluate's --scale says by default
          EvaluationDataset dataset = EvaluationDataset.detect(dir, DepthPngCodec.MILLIMETRES);
          EvaluationProtocol protocol = protocolFor(dataset.layout(), bundle);
          out.println("calibrate: " + dir + " (" + dataset.layout() + ", " + protocol + ")");
          out.flush();
          addAll(
              new ModelPairs(estimator, dataset, protocol, run.batch(), run.decoder(), null),
              protocol,
              fit);
        }
      }
      DepthCalibration calibration = fit.fit(minPixels, madeBy, TypedCommand.of(spec));
      out.print(table(fit, calibration));
      if (dryRun) {
        out.println("--dry-run: " + bundle.descriptorFile() + " left as it was");
      } else {
        ModelBundle calibrated =
            bundle.withOutput(bundle.output().withCalibration(Optional.of(calibration)));
        if (bundleVersion != null) {
          calibrated = calibrated.withVersion(bundleVersion);
        }
        calibrated.write(bundle.directory());
        out.println(
            "calibration written into "
                + bundle.descriptorFile()
                + " ("
                + calibrated.label()
                + ")");
        for (HeldOutEvaluation e : bundle.heldOut()) {
          out.println(
              "  held-out '" + e.name() + "' was measured before it; re-run: " + e.command());
        }
      }
      out.flush();
      return 0;
    } catch (EvaluationInputException
        | IllegalArgumentException
        | IllegalStateException
        | ModelBundleException e) {
      err.println("calibrate: " + e.getMessage());
      err.flush();
      return EvaluateCommand.EXIT_BAD_INPUT;
    } catch (InferenceException e) {
      err.println("calibrate: " + e.getMessage());
      err.flush();
      return EvaluateCommand.EXIT_MODEL_FAILED;
    }
  }

  /**
   * Refuses frames that one of the bundle's held-out evaluations was scored on (the same synth
   * command made them): a curve fitted there would make those figures a measure of the fit.
   */
  static void refuseHeldOut(ModelBundle bundle, Path dir, Optional<String> madeBy) {
    for (HeldOutEvaluation e : bundle.heldOut()) {
      if (madeBy.isPresent() && normalised(madeBy.get()).equals(normalised(e.data()))) {
        throw new IllegalArgumentException(
            dir
                + " was made by the command that made held-out set '"
                + e.name()
                + "' ("
                + e.data()
                + "); fit on other frames, e.g. the same synth command with another --seed and"
                + " --out");
      }
    }
  }

  /** A command with its {@code --out} value dropped: where the frames went does not matter. */
  private static String normalised(String command) {
    return command.trim().replaceAll("\\s+--out\\s+\\S+", "").replaceAll("\\s+", " ");
  }

  /** The protocol {@code evaluate} would score {@code layout} with for {@code bundle}. */
  static EvaluationProtocol protocolFor(DatasetLayout layout, ModelBundle bundle) {
    return switch (layout) {
      case NYU -> EvaluationProtocol.NYU;
      case KITTI -> EvaluationProtocol.KITTI;
      case FOLDERS -> new EvaluationProtocol(1e-3, bundle.output().maxDepth(), Crop.NONE);
    };
  }

  /**
   * Every pixel {@code protocol} scores, as the blend of model-resolution depths the engine
   * enlarged it from ({@link Resampling.PlaneSampler#taps}), so the fit sees what the correction
   * will act on.
   */
  static void addAll(DepthPairSource source, EvaluationProtocol protocol, DepthCalibrationFit fit) {
    try (ProgressBar progress = new ProgressBar("calibrate", source.size(), "images", System.err)) {
      for (int i = 0; i < source.size(); i++) {
        DepthPair pair = source.load(i);
        DepthImage truth = pair.groundTruth();
        DepthImage model = pair.modelResolution();
        Resampling.PlaneSampler sampler =
            Resampling.sampler(
                model.metres(), model.width(), model.height(), truth.width(), truth.height());
        float[] gt = truth.metres();
        Crop.Window window = protocol.crop().window(truth.width(), truth.height());
        for (int p = 0; p < gt.length; p++) {
          int x = p % truth.width();
          int y = p / truth.width();
          if (window.contains(x, y) && protocol.isScored(gt[p])) {
            fit.add(sampler, model.metres(), x, y, gt[p]);
          }
        }
        progress.step();
      }
    }
  }

  /** The knots and the curve, one line a knot. */
  static String table(DepthCalibrationFit fit, DepthCalibration calibration) {
    StringBuilder s = new StringBuilder();
    s.append(
        String.format(
            Locale.ROOT,
            "%10s %14s %12s %14s %8s%n",
            "knot (m)",
            "pixel weight",
            "bin gain",
            "calibrated (m)",
            "gain"));
    List<DepthCalibrationFit.Bin> bins = fit.bins();
    for (int i = 0; i < bins.size(); i++) {
      DepthCalibrationFit.Bin b = bins.get(i);
      double calibrated = calibration.calibrated().get(i);
      s.append(
          String.format(
              Locale.ROOT,
              "%10.3f %14.0f %12.4f %14.3f %8.4f%n",
              b.knot(),
              b.weight(),
              b.gain(),
              calibrated,
              calibrated / b.knot()));
    }
    s.append(
        "bin gain: the knot's pixels' mean truth over their mean prediction; gain: the fitted"
            + " curve's, by least squares over the pixels as the engine enlarges them\n");
    return s.toString();
  }
}
