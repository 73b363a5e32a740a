package io.depthstream.cli.evaluate;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageRejectedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Predictions and ground truths as two directories of 16-bit depth PNGs, paired by file name. Every
 * PNG must have its partner; each directory has its own scale (metres per PNG unit).
 */
final class PngDirectoryPairs implements DepthPairSource {

  private static final int NAMES_SHOWN = 5;

  private final Path predictions;
  private final Path groundTruths;
  private final double predictionScale;
  private final double groundTruthScale;
  private final List<String> names;

  PngDirectoryPairs(
      Path predictions, Path groundTruths, double predictionScale, double groundTruthScale) {
    this.predictions = predictions;
    this.groundTruths = groundTruths;
    this.predictionScale = predictionScale;
    this.groundTruthScale = groundTruthScale;
    TreeSet<String> predNames = pngNames(predictions, "--pred");
    TreeSet<String> gtNames = pngNames(groundTruths, "--gt");
    checkPartners(predNames, gtNames, groundTruths);
    checkPartners(gtNames, predNames, predictions);
    if (gtNames.isEmpty()) {
      throw new EvaluationInputException(
          "no .png files in " + groundTruths + " or " + predictions + "; nothing to evaluate");
    }
    this.names = List.copyOf(gtNames);
  }

  @Override
  public int size() {
    return names.size();
  }

  @Override
  public DepthPair load(int index) {
    String name = names.get(index);
    Path predPath = predictions.resolve(name);
    Path gtPath = groundTruths.resolve(name);
    DepthImage prediction = read(predPath, predictionScale);
    DepthImage groundTruth = read(gtPath, groundTruthScale);
    if (prediction.width() != groundTruth.width() || prediction.height() != groundTruth.height()) {
      throw new EvaluationInputException(
          String.format(
              Locale.ROOT,
              "%s is %dx%d but %s is %dx%d; predictions must have the ground truth's size",
              predPath,
              prediction.width(),
              prediction.height(),
              gtPath,
              groundTruth.width(),
              groundTruth.height()));
    }
    return new DepthPair(name, prediction, groundTruth);
  }

  @Override
  public String description() {
    return predictions + " against " + groundTruths;
  }

  private static DepthImage read(Path path, double scale) {
    try {
      return DepthPngCodec.decode(Files.readAllBytes(path), scale);
    } catch (ImageRejectedException e) {
      throw new EvaluationInputException(path + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EvaluationInputException(path + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static TreeSet<String> pngNames(Path dir, String option) {
    if (!Files.isDirectory(dir)) {
      throw new EvaluationInputException(option + " " + dir + " is not a directory");
    }
    try (Stream<Path> files = Files.list(dir)) {
      TreeSet<String> names = new TreeSet<>();
      files
          .filter(Files::isRegularFile)
          .map(p -> p.getFileName().toString())
          .filter(n -> n.toLowerCase(Locale.ROOT).endsWith(".png"))
          .forEach(names::add);
      return names;
    } catch (IOException e) {
      throw new EvaluationInputException(option + " " + dir + " cannot be listed: " + e, e);
    }
  }

  private static void checkPartners(TreeSet<String> names, TreeSet<String> others, Path otherDir) {
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (!others.contains(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      String shown = String.join(", ", missing.subList(0, Math.min(NAMES_SHOWN, missing.size())));
      String more =
          missing.size() > NAMES_SHOWN ? " and " + (missing.size() - NAMES_SHOWN) + " more" : "";
      throw new EvaluationInputException(
          otherDir.resolve(missing.get(0))
              + " is missing: "
              + missing.size()
              + " file(s) have no partner in "
              + otherDir
              + " ("
              + shown
              + more
              + "); files pair by name");
    }
  }
}
