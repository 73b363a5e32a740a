package io.depthstream.cli.tail;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.schemas.CameraKey;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.serde.AvroBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes each {@link DepthMap} record as two pictures in one folder: {@code
 * <vehicle>_<camera>_<sequence>_depth.png}, the record's 16-bit PNG byte for byte (value × scale =
 * metres), and {@code …_<colormap>.png}, the depth coloured for people (near hot, far cold, invalid
 * black) over {@code [minDepth, maxDepth]}, or over the map's own valid range when {@code maxDepth}
 * is 0.
 */
public final class DepthMapWriter {

  private final Path folder;
  private final Colormap colormap;
  private final double minDepth;
  private final double maxDepth;

  public DepthMapWriter(Path folder, Colormap colormap, double minDepth, double maxDepth) {
    this.folder = folder;
    this.colormap = colormap;
    this.minDepth = minDepth;
    this.maxDepth = maxDepth;
  }

  /** Writes both pictures of {@code map}; returns their paths, depth first. */
  public List<Path> write(DepthMap map) throws IOException {
    byte[] png = AvroBytes.toArray(map.getDepthPng());
    DepthImage depth = DepthPngCodec.decode(png, map.getScale());
    if (depth.width() != map.getWidth() || depth.height() != map.getHeight()) {
      throw new IllegalArgumentException(
          "depth map "
              + CameraKey.label(map.getVehicleId(), map.getCameraId(), map.getSequence())
              + " states "
              + map.getWidth()
              + "x"
              + map.getHeight()
              + " but its PNG is "
              + depth.width()
              + "x"
              + depth.height());
    }
    double[] range = range(depth);
    Files.createDirectories(folder);
    String stem = stem(map);
    Path depthFile = folder.resolve(stem + "_depth.png");
    Path colourFile =
        folder.resolve(stem + "_" + colormap.name().toLowerCase(Locale.ROOT) + ".png");
    Files.write(depthFile, png);
    Files.write(colourFile, ImageEncoder.png(colormap.render(depth, range[0], range[1])));
    return List.of(depthFile, colourFile);
  }

  /** The colour range: the options', or the valid depths' own min and max. */
  double[] range(DepthImage depth) {
    if (maxDepth > 0) {
      return new double[] {minDepth, maxDepth};
    }
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    for (float v : depth.metres()) {
      if (DepthImage.isValid(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    if (hi <= 0) {
      return new double[] {0, 1};
    }
    return new double[] {Math.min(lo, hi), hi > lo ? hi : lo + 1e-3};
  }

  /** File name stem: ids with anything but letters, digits, '.', '-' turned into '_'. */
  static String stem(DepthMap map) {
    return String.format(
        Locale.ROOT,
        "%s_%s_%08d",
        safe(map.getVehicleId()),
        safe(map.getCameraId()),
        map.getSequence());
  }

  private static String safe(String id) {
    return id.replaceAll("[^A-Za-z0-9.-]", "_");
  }
}
