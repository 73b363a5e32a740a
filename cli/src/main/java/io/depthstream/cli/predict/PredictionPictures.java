package io.depthstream.cli.predict;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthPrediction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The files {@code predict} writes for one picture, named after its stem: a 16-bit PNG of the
 * depth, the depth in colour, and the photo and the colour depth side by side. A metric model's PNG
 * is {@code STEM_depth.png} (value × scale = metres, 0 = no depth). A relative model's is {@code
 * STEM_relative.png}: its inverse depth normalised per picture to 1..65535 (larger is nearer),
 * which is not metres and is named apart so it is never read as such.
 */
final class PredictionPictures {

  static final String DEPTH_SUFFIX = "_depth.png";
  static final String RELATIVE_SUFFIX = "_relative.png";
  static final String COLOUR_SUFFIX = "_colour.png";
  static final String SIDE_SUFFIX = "_side.png";

  /** The relative PNG's units are the normalised values themselves: one unit per PNG step. */
  private static final double UNIT_SCALE = 1.0;

  private final Colormap colormap;
  private final double scale;
  private final double colourMaxDepth;

  /**
   * @param colormap the colours of the depth picture
   * @param scale metres per unit of the 16-bit depth PNG
   * @param colourMaxDepth depth at the cold end of the colours, metres; 0 m is the hot end
   */
  PredictionPictures(Colormap colormap, double scale, double colourMaxDepth) {
    this.colormap = colormap;
    this.scale = scale;
    this.colourMaxDepth = colourMaxDepth;
  }

  /** Writes the three files of {@code photo}'s prediction into {@code directory}. */
  List<Path> write(Path directory, String stem, RgbImage photo, DepthPrediction prediction)
      throws IOException {
    byte[] png;
    RgbImage colour;
    Path pngFile;
    if (prediction.relative()) {
      DepthImage relative = prediction.relativeInverseDepth();
      png = DepthPngCodec.encode(RelativeDepthPicture.units(relative), UNIT_SCALE);
      colour = RelativeDepthPicture.colour(relative, colormap);
      pngFile = directory.resolve(stem + RELATIVE_SUFFIX);
    } else {
      png = DepthPngCodec.encode(prediction.depth(), scale);
      colour = colormap.render(prediction.depth(), 0, colourMaxDepth);
      pngFile = directory.resolve(stem + DEPTH_SUFFIX);
    }
    Path colourFile = directory.resolve(stem + COLOUR_SUFFIX);
    Path sideFile = directory.resolve(stem + SIDE_SUFFIX);
    Files.write(pngFile, png);
    Files.write(colourFile, ImageEncoder.png(colour));
    Files.write(sideFile, ImageEncoder.png(SideBySide.of(photo, colour)));
    return List.of(pngFile, colourFile, sideFile);
  }
}
