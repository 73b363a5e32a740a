package io.depthstream.cli.predict;

import io.depthstream.cli.ColormapConverter;
import io.depthstream.core.color.Colormap;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.InferenceException;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelBundleException;
import io.depthstream.core.inference.ModelInput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ./depthstream predict}: runs a model bundle on your own pictures and writes, per picture,
 * a 16-bit depth PNG, the depth in colour and the two side by side. Pictures that cannot be read
 * are named on stderr and skipped; the rest are still written. Exit code 0 when every picture was
 * done, 2 for bad input (some pictures unreadable, no bundle, bad options), 1 when the model fails.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    description = {
      "Run a model bundle on pictures (PNG or JPEG files, or directories of them) and write for"
          + " each STEM: STEM_depth.png (16-bit, value x --scale = metres, 0 = no depth),"
          + " STEM_colour.png (the depth in colour) and STEM_side.png (picture | colour depth).",
      "An inverse_relative (MiDaS-style) model has no metres: it writes STEM_relative.png, its"
          + " inverse depth normalised per picture to 1..65535 (larger = nearer), and colours it"
          + " the same way."
    },
    exitCodeOnInvalidInput = 2,
    sortOptions = false)
public final class PredictCommand implements Callable<Integer> {

  static final int EXIT_BAD_INPUT = 2;
  static final int EXIT_MODEL_FAILED = 1;

  @Spec private CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "BUNDLE",
      description =
          "Model bundle directory (model.onnx + model.json), e.g. models/densedepth-169-nyu.")
  private Path model;

  @Parameters(
      arity = "1..*",
      paramLabel = "IMG",
      description =
          "Pictures, or directories whose .png/.jpg/.jpeg files are taken (not recursively).")
  private List<Path> inputs;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "predictions",
      description = "Where the files go (made if missing). Default: ${DEFAULT-VALUE}.")
  private Path out;

  @Option(
      names = "--scale",
      paramLabel = "S",
      defaultValue = "0.001",
      description =
          "Metres per unit of STEM_depth.png: 0.001 (mm, up to 65.5 m) or 0.00390625 (1/256, KITTI,"
              + " up to 256 m); farther depths saturate. Default: ${DEFAULT-VALUE}.")
  private double scale;

  @Option(
      names = "--colormap",
      paramLabel = "NAME",
      defaultValue = "turbo",
      converter = ColormapConverter.class,
      description = "turbo, magma or gray. Default: ${DEFAULT-VALUE}.")
  private Colormap colormap;

  @Option(
      names = "--max-depth",
      paramLabel = "M",
      description =
          "Depth at the cold end of the colours, metres (0 m is the hot end). Default: the"
              + " model's max_depth.")
  private Double maxDepth;

  @Mixin private ModelRunOptions run;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    try {
      checkOptions();
      List<Path> pictures = PictureInputs.collect(inputs);
      ModelBundle bundle = ModelBundle.load(model);
      Files.createDirectories(out);
      try (DepthEstimator estimator = DepthEstimator.open(bundle, run.engineOptions())) {
        Outcome outcome = predictAll(estimator, pictures, err);
        report(estimator, pictures.size(), outcome, stdout);
        return outcome.unreadable().isEmpty() ? 0 : EXIT_BAD_INPUT;
      }
    } catch (IllegalArgumentException | ModelBundleException e) {
      err.println("predict: " + e.getMessage());
      err.flush();
      return EXIT_BAD_INPUT;
    } catch (InferenceException e) {
      err.println("predict: " + e.getMessage());
      err.flush();
      return EXIT_MODEL_FAILED;
    } catch (IOException e) {
      err.println(
          "predict: cannot write under " + out + ": " + e + "; check --out is a writable folder");
      err.flush();
      return EXIT_MODEL_FAILED;
    }
  }

  private void checkOptions() {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException(
          "--scale must be positive metres per PNG unit (0.001 for mm), got " + scale);
    }
    if (maxDepth != null && !(maxDepth > 0 && Double.isFinite(maxDepth))) {
      throw new IllegalArgumentException(
          "--max-depth must be a positive number of metres, got " + maxDepth);
    }
  }

  /** Pictures done and pictures that could not be read. */
  private record Outcome(int written, double inferenceMs, List<Path> unreadable) {}

  /** Reads, predicts and writes a batch at a time, so memory holds one batch of pictures. */
  private Outcome predictAll(DepthEstimator estimator, List<Path> pictures, PrintWriter err)
      throws IOException {
    double colourMax = maxDepth != null ? maxDepth : estimator.bundle().output().maxDepth();
    PredictionPictures writer = new PredictionPictures(colormap, scale, colourMax);
    RgbFiles files = new RgbFiles(run.decoder());
    ModelInput input = estimator.bundle().input();
    List<Path> unreadable = new ArrayList<>();
    int written = 0;
    double inferenceMs = 0;
    try (ProgressBar progress = new ProgressBar("predict", pictures.size(), "images", System.err)) {
      for (int start = 0; start < pictures.size(); start += run.batch()) {
        List<Path> chunk = pictures.subList(start, Math.min(pictures.size(), start + run.batch()));
        List<Path> readPaths = new ArrayList<>();
        List<RgbImage> photos = new ArrayList<>();
        for (Path picture : chunk) {
          try {
            photos.add(files.readForModel(picture, input.width(), input.height()));
            readPaths.add(picture);
          } catch (UnreadableImageException e) {
            err.println("predict: skipped " + e.getMessage());
            err.flush();
            unreadable.add(picture);
            progress.step();
          }
        }
        if (photos.isEmpty()) {
          continue;
        }
        List<DepthPrediction> predictions = estimator.predictBatch(photos);
        for (int i = 0; i < photos.size(); i++) {
          Path picture = readPaths.get(i);
          // The model may have had a JPEG decoded to its input size; the picture shows it whole.
          RgbImage photo = photos.get(i);
          if (!photo.isWholeFrame()) {
            photo = files.read(picture);
          }
          writer.write(out, PictureInputs.stem(picture), photo, predictions.get(i));
          inferenceMs += predictions.get(i).timings().inferenceMsPerFrame();
          written++;
          progress.step();
        }
      }
    }
    return new Outcome(written, inferenceMs, unreadable);
  }

  private void report(DepthEstimator estimator, int total, Outcome outcome, PrintWriter stdout) {
    ModelBundle bundle = estimator.bundle();
    boolean relative = bundle.output().kind() == OutputKind.INVERSE_RELATIVE;
    stdout.printf(
        Locale.ROOT,
        "predicted %d of %d pictures with %s on %s (%.1f ms inference per picture); files in %s%n",
        outcome.written(),
        total,
        bundle.label(),
        estimator.provider(),
        outcome.written() == 0 ? 0.0 : outcome.inferenceMs() / outcome.written(),
        out);
    if (relative) {
      stdout.println(
          "note: "
              + bundle.label()
              + " is inverse_relative (MiDaS-style): its pictures show relative inverse depth"
              + " normalised per picture, not metres; STEM_relative.png holds 1..65535, larger ="
              + " nearer. `evaluate --model` aligns it to ground truth to get metres.");
    }
    if (!outcome.unreadable().isEmpty()) {
      stdout.println(
          "predict: "
              + outcome.unreadable().size()
              + " picture(s) could not be read and were skipped (named above on stderr)");
    }
    stdout.flush();
  }
}
