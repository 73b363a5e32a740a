package io.depthstream.cli.evaluate;

import io.depthstream.core.depth.DepthPngCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DenseDepth's NYU Depth v2 test split: {@code data/nyu2_test.csv} lists "rgb,depth" paths relative
 * to the folder holding {@code data/}; the depth PNGs are 16-bit millimetres. This is what
 * DenseDepth's zip holds and what {@code synth --layout nyu} writes.
 */
final class NyuTestSplit {

  static final String TEST_LIST = "nyu2_test.csv";

  private NyuTestSplit() {}

  /** The split under {@code dir} (or {@code dir} being the {@code data/} folder), if there. */
  static Optional<EvaluationDataset> find(Path dir) {
    Path list = dir.resolve("data").resolve(TEST_LIST);
    Path root = dir;
    if (!Files.isRegularFile(list)) {
      list = dir.resolve(TEST_LIST);
      root = dir.toAbsolutePath().getParent();
      if (!Files.isRegularFile(list) || root == null) {
        return Optional.empty();
      }
    }
    return Optional.of(
        new EvaluationDataset(dir, DatasetLayout.NYU, DepthPngCodec.MILLIMETRES, read(list, root)));
  }

  private static List<DatasetSample> read(Path list, Path root) {
    List<String> lines;
    try {
      lines = Files.readAllLines(list, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new EvaluationInputException(list + " cannot be read: " + e, e);
    }
    List<DatasetSample> samples = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] parts = line.split(",");
      if (parts.length != 2) {
        throw new EvaluationInputException(
            list + " line " + (i + 1) + ": expected 'rgb,depth' paths, got '" + line + "'");
      }
      Path rgb = existing(root.resolve(parts[0].strip()), list, i);
      Path depth = existing(root.resolve(parts[1].strip()), list, i);
      samples.add(new DatasetSample(EvaluationDataset.stem(depth), rgb, depth));
    }
    return samples;
  }

  private static Path existing(Path file, Path list, int index) {
    if (!Files.isRegularFile(file)) {
      throw new EvaluationInputException(
          list
              + " line "
              + (index + 1)
              + " names "
              + file
              + ", which does not exist; paths are relative to the folder holding data/");
    }
    return file;
  }
}
