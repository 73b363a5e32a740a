package io.depthstream.trainer.data;

import io.depthstream.core.dataset.DatasetFiles;
import io.depthstream.core.dataset.NyuCsv;
import io.depthstream.core.dataset.NyuLayout;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.RgbImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * NYU Depth v2 in DenseDepth's layout ({@link NyuLayout}) as a data set to train or test on, read
 * straight from {@code nyu_data.zip} or from the directory it was unpacked into. Images are decoded
 * when a sample is asked for; opening checks only that the CSV parses and every file it names
 * exists ({@link NyuCsv}), so a broken download fails at once rather than hours into training.
 */
public final class NyuCsvDataset implements DepthDataset, AutoCloseable {

  private final DatasetFiles files;
  private final NyuSplit split;
  private final List<NyuCsv.Pair> rows;

  private NyuCsvDataset(DatasetFiles files, NyuSplit split, List<NyuCsv.Pair> rows) {
    this.files = files;
    this.split = split;
    this.rows = rows;
  }

  /**
   * Opens one split of the data set at {@code location} (a zip file or a directory).
   *
   * @throws IllegalArgumentException naming the CSV and line of a malformed row, or the archive and
   *     path of a file the CSV names but the archive lacks
   */
  public static NyuCsvDataset open(Path location, NyuSplit split) {
    DatasetFiles files = DatasetFiles.open(location);
    try {
      return new NyuCsvDataset(files, split, NyuCsv.read(files, split.csv()));
    } catch (RuntimeException e) {
      files.close();
      throw e;
    }
  }

  @Override
  public String name() {
    return "nyu-"
        + split.name().toLowerCase()
        + "("
        + Path.of(files.location()).getFileName()
        + ")";
  }

  public NyuSplit split() {
    return split;
  }

  @Override
  public int size() {
    return rows.size();
  }

  @Override
  public DepthSample sample(int index) {
    Objects.checkIndex(index, rows.size());
    NyuCsv.Pair row = rows.get(index);
    String source = NyuCsv.where(files, split.csv(), row.line());
    RgbImage rgb = ImageFiles.rgb(files.read(row.rgb()), source + ": " + row.rgb());
    byte[] png = files.read(row.depth());
    String depthName = source + ": " + row.depth();
    DepthImage depth =
        split == NyuSplit.TRAIN
            ? NyuLayout.trainDepth(png, depthName)
            : ImageFiles.depth16(png, DepthPngCodec.MILLIMETRES, depthName);
    if (rgb.width() != depth.width() || rgb.height() != depth.height()) {
      throw new IllegalArgumentException(
          source
              + ": colour image is "
              + rgb.width()
              + "x"
              + rgb.height()
              + " but depth is "
              + depth.width()
              + "x"
              + depth.height()
              + "; the pair must be registered");
    }
    return new DepthSample(rgb, depth, source);
  }

  @Override
  public void close() {
    files.close();
  }
}
