package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.RgbImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * NYU Depth v2 in DenseDepth's layout ({@code nyu_data.zip}): {@code data/nyu2_train.csv} and
 * {@code data/nyu2_test.csv} list {@code rgb,depth} path pairs relative to the archive root. Read
 * straight from the zip, or from the directory it was unpacked into. Images are decoded when a
 * sample is asked for; opening checks only that the CSV parses and every file it names exists, so a
 * broken download fails at once rather than hours into training.
 */
public final class NyuCsvDataset implements DepthDataset, AutoCloseable {

  private final DatasetFiles files;
  private final NyuSplit split;
  private final List<Row> rows;

  private record Row(String rgb, String depth, int line) {}

  private NyuCsvDataset(DatasetFiles files, NyuSplit split, List<Row> rows) {
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
      return new NyuCsvDataset(files, split, parse(files, split));
    } catch (RuntimeException e) {
      files.close();
      throw e;
    }
  }

  private static List<Row> parse(DatasetFiles files, NyuSplit split) {
    if (!files.exists(split.csv())) {
      throw new IllegalArgumentException(
          files.location()
              + " has no "
              + split.csv()
              + "; expected DenseDepth's NYU layout"
              + " (data/nyu2_train.csv, data/nyu2_test.csv with rgb,depth rows)");
    }
    String text = new String(files.read(split.csv()), StandardCharsets.UTF_8);
    String[] lines = text.split("\r?\n", -1);
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int lineNo = i + 1;
      if (line.isEmpty() || (lineNo == 1 && line.equalsIgnoreCase("rgb,depth"))) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != 2 || cells[0].isBlank() || cells[1].isBlank()) {
        throw new IllegalArgumentException(
            where(files, split, lineNo)
                + ": expected 'rgb,depth' (two paths), got '"
                + abbreviate(line)
                + "'");
      }
      Row row = new Row(cells[0].strip(), cells[1].strip(), lineNo);
      for (String path : List.of(row.rgb, row.depth)) {
        if (!files.exists(path)) {
          throw new IllegalArgumentException(
              where(files, split, lineNo)
                  + " names '"
                  + path
                  + "', which "
                  + files.location()
                  + " does not contain");
        }
      }
      rows.add(row);
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(files.location() + ":" + split.csv() + " lists no images");
    }
    return List.copyOf(rows);
  }

  private static String where(DatasetFiles files, NyuSplit split, int line) {
    return files.location() + ":" + split.csv() + " line " + line;
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
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
    Row row = rows.get(index);
    String source = where(files, split, row.line);
    RgbImage rgb = ImageFiles.rgb(files.read(row.rgb), source + ": " + row.rgb);
    byte[] png = files.read(row.depth);
    String depthName = source + ": " + row.depth;
    DepthImage depth =
        split == NyuSplit.TRAIN
            ? ImageFiles.depth8(png, NyuSplit.TRAIN_MAX_METRES, depthName)
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
