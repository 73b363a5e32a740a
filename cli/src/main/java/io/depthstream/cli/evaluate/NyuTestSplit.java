package io.depthstream.cli.evaluate;

import io.depthstream.core.dataset.DatasetFiles;
import io.depthstream.core.dataset.NyuCsv;
import io.depthstream.core.dataset.NyuLayout;
import io.depthstream.core.depth.DepthPngCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * DenseDepth's NYU Depth v2 test split ({@link NyuLayout}) as pictures to score: what DenseDepth's
 * zip holds, unpacked, and what {@code synth --layout nyu} writes.
 */
final class NyuTestSplit {

  private static final String TEST_LIST = Path.of(NyuLayout.TEST_CSV).getFileName().toString();

  private NyuTestSplit() {}

  /** The split under {@code dir} (or {@code dir} being the {@code data/} folder), if there. */
  static Optional<EvaluationDataset> find(Path dir) {
    Path root = dir;
    String csv = NyuLayout.TEST_CSV;
    if (!Files.isRegularFile(dir.resolve(csv))) {
      root = dir.toAbsolutePath().getParent();
      if (!Files.isRegularFile(dir.resolve(TEST_LIST)) || root == null) {
        return Optional.empty();
      }
      csv = dir.toAbsolutePath().getFileName() + "/" + TEST_LIST;
    }
    return Optional.of(
        new EvaluationDataset(dir, DatasetLayout.NYU, DepthPngCodec.MILLIMETRES, read(root, csv)));
  }

  private static List<DatasetSample> read(Path root, String csv) {
    List<NyuCsv.Pair> pairs;
    try (DatasetFiles files = DatasetFiles.open(root)) {
      pairs = NyuCsv.read(files, csv);
    } catch (IllegalArgumentException e) {
      throw new EvaluationInputException(e.getMessage(), e);
    }
    List<DatasetSample> samples = new ArrayList<>();
    for (NyuCsv.Pair pair : pairs) {
      Path depth = root.resolve(pair.depth());
      samples.add(
          new DatasetSample(EvaluationDataset.stem(depth), root.resolve(pair.rgb()), depth));
    }
    return samples;
  }
}
