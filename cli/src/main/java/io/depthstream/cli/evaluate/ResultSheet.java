package io.depthstream.cli.evaluate;

import io.depthstream.cli.PictureSheet;
import io.depthstream.core.color.Colormap;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.metrics.EvaluationProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pictures behind an evaluation's numbers: rows spread over the data set, each the camera
 * picture, its ground truth and the model's prediction, both depths on one colour scale (0 m to the
 * protocol's max depth), so a reader sees where the model is right and where it is not.
 */
final class ResultSheet {

  private final ModelPairs source;
  private final EvaluationProtocol protocol;
  private final int rows;
  private PictureSheet sheet;

  ResultSheet(ModelPairs source, int rows, EvaluationProtocol protocol) {
    this.source = source;
    this.protocol = protocol;
    this.rows = rows;
  }

  /** Takes pair {@code index} onto the sheet if it is one of the rows. */
  void offer(int index, DepthPair pair) {
    if (sheet == null) {
      sheet =
          new PictureSheet(
              rows, 3, source.size(), pair.groundTruth().width(), pair.groundTruth().height());
    }
    if (sheet.wants(index)) {
      double max = protocol.maxDepth();
      sheet.add(
          index,
          List.of(
              picture(index, pair),
              Colormap.TURBO.render(pair.groundTruth(), 0, max),
              Colormap.TURBO.render(pair.prediction(), 0, max)));
    }
  }

  void write(Path file) {
    if (sheet == null) {
      throw new EvaluationInputException("no image was scored, so there is no sheet to write");
    }
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      Files.write(file, sheet.png());
    } catch (IOException e) {
      throw new EvaluationInputException("cannot write --sheet " + file + ": " + e, e);
    }
  }

  /** The camera picture at the ground truth's size (datasets may store them at other sizes). */
  private RgbImage picture(int index, DepthPair pair) {
    RgbImage picture = source.picture(index);
    if (picture.width() == pair.groundTruth().width()
        && picture.height() == pair.groundTruth().height()) {
      return picture;
    }
    return RgbImage.blank(pair.groundTruth().width(), pair.groundTruth().height());
  }
}
