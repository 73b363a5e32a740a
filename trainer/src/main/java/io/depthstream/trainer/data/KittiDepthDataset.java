package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.RgbImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * KITTI's depth benchmark: annotated 16-bit depth PNGs (value / 256 = metres, 0 = no ground truth)
 * in {@code <depthRoot>/.../<drive>/proj_depth/groundtruth/image_0{2,3}/<frame>.png}, each paired
 * with the raw colour frame {@code <rawRoot>/<date>/<drive>/image_0{2,3}/data/<frame>.png}, where
 * the date is the drive name's first ten characters ({@code 2011_09_26_drive_0001_sync} → {@code
 * 2011_09_26}); {@code rawRoot} may also be the date folder itself, as {@code depthstream synth}
 * writes it. {@code depthRoot} may be {@code data_depth_annotated}, its {@code train} or {@code
 * val} folder, or one drive. Pairs are found when opened, in path order.
 */
public final class KittiDepthDataset implements DepthDataset {

  private static final Pattern GROUND_TRUTH =
      Pattern.compile(
          ".*/((\\d{4}_\\d{2}_\\d{2})_drive_\\d{4}_sync)/proj_depth/groundtruth/(image_0[23])/(\\d+\\.png)$");

  private record Pair(Path rgb, Path depth) {}

  private final Path depthRoot;
  private final List<Pair> pairs;

  private KittiDepthDataset(Path depthRoot, List<Pair> pairs) {
    this.depthRoot = depthRoot;
    this.pairs = pairs;
  }

  /**
   * @throws IllegalArgumentException when no annotated depth map is found, or one has no raw colour
   *     frame (naming both paths)
   */
  public static KittiDepthDataset open(Path rawRoot, Path depthRoot) {
    if (!Files.isDirectory(depthRoot)) {
      throw new IllegalArgumentException(
          "KITTI depth directory "
              + depthRoot
              + " does not exist; pass data_depth_annotated (or"
              + " its train/val folder)");
    }
    List<Pair> pairs;
    try (Stream<Path> files = Files.walk(depthRoot)) {
      pairs =
          files
              .filter(Files::isRegularFile)
              .map(p -> pair(rawRoot, p))
              .filter(Objects::nonNull)
              .sorted((a, b) -> a.depth.compareTo(b.depth))
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("listing " + depthRoot, e);
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException(
          depthRoot
              + " holds no <drive>/proj_depth/groundtruth/image_02/<frame>.png; is it KITTI's"
              + " data_depth_annotated?");
    }
    return new KittiDepthDataset(depthRoot, pairs);
  }

  private static Pair pair(Path rawRoot, Path depth) {
    Matcher m = GROUND_TRUTH.matcher(depth.toString().replace('\\', '/'));
    if (!m.matches()) {
      return null;
    }
    Path inDrive = Path.of(m.group(3), "data", m.group(4));
    Path rgb = rawRoot.resolve(m.group(2)).resolve(m.group(1)).resolve(inDrive);
    if (!Files.isRegularFile(rgb)
        && Files.isRegularFile(rawRoot.resolve(m.group(1)).resolve(inDrive))) {
      // rawRoot is the date folder itself (as `depthstream synth` writes it).
      rgb = rawRoot.resolve(m.group(1)).resolve(inDrive);
    }
    if (!Files.isRegularFile(rgb)) {
      throw new IllegalArgumentException(
          "ground truth "
              + depth
              + " has no raw colour frame "
              + rgb
              + "; download that drive of"
              + " KITTI raw ("
              + m.group(1)
              + ") into "
              + rawRoot);
    }
    return new Pair(rgb, depth);
  }

  @Override
  public String name() {
    return "kitti-depth(" + depthRoot.getFileName() + ", " + pairs.size() + ")";
  }

  @Override
  public int size() {
    return pairs.size();
  }

  @Override
  public DepthSample sample(int index) {
    Pair pair = pairs.get(Objects.checkIndex(index, pairs.size()));
    RgbImage rgb = ImageFiles.rgb(read(pair.rgb), pair.rgb.toString());
    DepthImage depth =
        ImageFiles.depth16(read(pair.depth), DepthPngCodec.KITTI, pair.depth.toString());
    if (rgb.width() != depth.width() || rgb.height() != depth.height()) {
      throw new IllegalArgumentException(
          pair.depth
              + " is "
              + depth.width()
              + "x"
              + depth.height()
              + " but its colour frame "
              + pair.rgb
              + " is "
              + rgb.width()
              + "x"
              + rgb.height());
    }
    return new DepthSample(rgb, depth, pair.depth.toString());
  }

  static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }
}
