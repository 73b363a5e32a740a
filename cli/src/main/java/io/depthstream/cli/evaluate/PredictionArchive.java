package io.depthstream.cli.evaluate;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * What {@code evaluate --model --write-predictions DIR} keeps: {@code DIR/pred/NAME.png}, the depth
 * each picture was scored with (aligned, for relative models), and {@code DIR/gt/NAME.png}, a byte
 * copy of its ground truth, both in the dataset's scale. {@code evaluate --pred DIR/pred --gt
 * DIR/gt --scale S} then re-scores them; only the rounding to PNG units differs.
 */
final class PredictionArchive {

  private final Path predictions;
  private final Path groundTruths;
  private final double scale;

  PredictionArchive(Path directory, double scale) {
    this.predictions = directory.resolve("pred");
    this.groundTruths = directory.resolve("gt");
    this.scale = scale;
    try {
      Files.createDirectories(predictions);
      Files.createDirectories(groundTruths);
    } catch (IOException e) {
      throw new EvaluationInputException(
          "--write-predictions " + directory + " cannot be made: " + e + "; pick a writable folder",
          e);
    }
  }

  void write(DatasetSample sample, DepthImage prediction) {
    String file = sample.name() + ".png";
    try {
      Files.write(predictions.resolve(file), DepthPngCodec.encode(prediction, scale));
      Files.copy(sample.depth(), groundTruths.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new EvaluationInputException(
          "cannot write " + file + " under " + predictions.getParent() + ": " + e, e);
    }
  }

  Path predictions() {
    return predictions;
  }

  Path groundTruths() {
    return groundTruths;
  }

  double scale() {
    return scale;
  }
}
