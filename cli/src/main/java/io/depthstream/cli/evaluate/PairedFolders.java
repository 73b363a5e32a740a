package io.depthstream.cli.evaluate;

import io.depthstream.cli.predict.RgbFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The simplest dataset: {@code rgb/} holds pictures (PNG or JPEG), {@code depth/} holds 16-bit
 * ground-truth PNGs, paired by file name without extension ({@code rgb/a.jpg} with {@code
 * depth/a.png}). Every file must have its partner.
 */
final class PairedFolders {

  private PairedFolders() {}

  static Optional<EvaluationDataset> find(Path dir, double depthScale) {
    Path rgbDir = dir.resolve("rgb");
    Path depthDir = dir.resolve("depth");
    if (!Files.isDirectory(rgbDir) || !Files.isDirectory(depthDir)) {
      return Optional.empty();
    }
    Map<String, Path> pictures = byStem(pictures(rgbDir), rgbDir);
    Map<String, Path> depths = byStem(EvaluationDataset.pngFiles(depthDir), depthDir);
    List<DatasetSample> samples = new ArrayList<>();
    for (Map.Entry<String, Path> depth : depths.entrySet()) {
      Path rgb = pictures.get(depth.getKey());
      if (rgb == null) {
        throw new EvaluationInputException(
            depth.getValue()
                + " has no picture "
                + rgbDir.resolve(depth.getKey() + ".png|.jpg")
                + "; files pair by name");
      }
      samples.add(new DatasetSample(depth.getKey(), rgb, depth.getValue()));
    }
    for (Map.Entry<String, Path> picture : pictures.entrySet()) {
      if (!depths.containsKey(picture.getKey())) {
        throw new EvaluationInputException(
            picture.getValue()
                + " has no ground truth "
                + depthDir.resolve(picture.getKey() + ".png")
                + "; files pair by name");
      }
    }
    return Optional.of(new EvaluationDataset(dir, DatasetLayout.FOLDERS, depthScale, samples));
  }

  private static List<Path> pictures(Path dir) {
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(RgbFiles::hasPictureName)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new EvaluationInputException(dir + " cannot be listed: " + e, e);
    }
  }

  private static Map<String, Path> byStem(List<Path> files, Path dir) {
    Map<String, Path> byStem = new TreeMap<>();
    for (Path file : files) {
      Path earlier = byStem.putIfAbsent(EvaluationDataset.stem(file), file);
      if (earlier != null) {
        throw new EvaluationInputException(
            earlier
                + " and "
                + file
                + " share the name '"
                + EvaluationDataset.stem(file)
                + "' in "
                + dir
                + "; keep one");
      }
    }
    return byStem;
  }
}
