package io.depthstream.cli.evaluate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Pictures with ground-truth depth that {@code evaluate --model} runs a model over, as found on
 * disk in one of three layouts: DenseDepth's NYU test split, KITTI's raw + depth-benchmark drive
 * folders, or a plain pair of {@code rgb/} and {@code depth/} folders (see {@link #detect}).
 *
 * @param root the folder the user named
 * @param layout which layout, for the report
 * @param depthScale metres per unit of the ground-truth PNGs
 * @param samples the pictures, in a stable order
 */
record EvaluationDataset(
    Path root, DatasetLayout layout, double depthScale, List<DatasetSample> samples) {

  EvaluationDataset {
    samples = List.copyOf(samples);
    Set<String> names = new HashSet<>();
    for (DatasetSample sample : samples) {
      if (!names.add(sample.name())) {
        throw new EvaluationInputException(
            "two pictures in "
                + root
                + " are both named '"
                + sample.name()
                + "'; names must be unique");
      }
    }
    if (samples.isEmpty()) {
      throw new EvaluationInputException(
          root
              + " looks like the "
              + layout.title()
              + " layout but lists no pictures with ground truth");
    }
  }

  /**
   * Finds the dataset in {@code dir}, trying in turn: NYU ({@code dir/data/nyu2_test.csv}, or
   * {@code dir/nyu2_test.csv} with paths relative to {@code dir}'s parent), KITTI ({@code dir} is a
   * drive with {@code image_02/data} and {@code proj_depth/groundtruth/image_02}, or holds such
   * drives), plain folders ({@code dir/rgb} and {@code dir/depth}, paired by file stem, depth in
   * units of {@code folderScale} metres).
   *
   * @throws EvaluationInputException listing what was looked for when nothing matches
   */
  static EvaluationDataset detect(Path dir, double folderScale) {
    if (!Files.isDirectory(dir)) {
      throw new EvaluationInputException("--data " + dir + " is not a directory");
    }
    Optional<EvaluationDataset> found = find(dir, folderScale);
    if (found.isPresent()) {
      return found.get();
    }
    List<String> candidates = new ArrayList<>();
    for (Path child : children(dir)) {
      find(child, folderScale)
          .ifPresent(d -> candidates.add(child + " (" + d.layout().title() + ")"));
    }
    String hint =
        candidates.isEmpty()
            ? ""
            : " Its subfolders hold datasets; pass one of them: "
                + String.join(", ", candidates)
                + ".";
    throw new EvaluationInputException(
        "--data "
            + dir
            + ": no dataset layout recognised. Looked for "
            + dir.resolve("data/nyu2_test.csv")
            + " (DenseDepth NYU, as `synth --layout nyu` writes under OUT/nyu); "
            + dir.resolve("<drive>/image_02/data")
            + " with "
            + dir.resolve("<drive>/proj_depth/groundtruth/image_02")
            + " (KITTI, as `synth --layout kitti` writes under OUT/kitti); "
            + dir.resolve("rgb")
            + " with "
            + dir.resolve("depth")
            + " (pictures and 16-bit depth PNGs paired by file name)."
            + hint);
  }

  private static Optional<EvaluationDataset> find(Path dir, double folderScale) {
    Optional<EvaluationDataset> nyu = NyuTestSplit.find(dir);
    if (nyu.isPresent()) {
      return nyu;
    }
    Optional<EvaluationDataset> kitti = KittiDrives.find(dir);
    if (kitti.isPresent()) {
      return kitti;
    }
    return PairedFolders.find(dir, folderScale);
  }

  /** Sub-directories of {@code dir}, sorted by name. */
  static List<Path> children(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isDirectory).sorted().toList();
    } catch (IOException e) {
      throw new EvaluationInputException(dir + " cannot be listed: " + e, e);
    }
  }

  /** Regular files in {@code dir} whose names end with {@code .png}, sorted. */
  static List<Path> pngFiles(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new EvaluationInputException(dir + " cannot be listed: " + e, e);
    }
  }

  /** The file name without its last extension. */
  static String stem(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
