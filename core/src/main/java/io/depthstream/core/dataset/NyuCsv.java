package io.depthstream.core.dataset;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one of DenseDepth's NYU lists ({@link NyuLayout#TRAIN_CSV}, {@link NyuLayout#TEST_CSV}):
 * "rgb,depth" path pairs relative to the data set's root, one per line, an optional {@code
 * rgb,depth} header, blank lines ignored. Every path is checked to exist, so a broken download
 * fails at once rather than hours into training or publishing.
 */
public final class NyuCsv {

  /** One row: the colour picture, its depth PNG, and the CSV line (1-based) that named them. */
  public record Pair(String rgb, String depth, int line) {}

  private NyuCsv() {}

  /**
   * The pairs that {@code csv} (a path inside {@code files}) lists.
   *
   * @throws IllegalArgumentException naming the CSV and line of a malformed row or of a path that
   *     {@code files} lacks, or saying which layout was expected when the CSV itself is missing
   */
  public static List<Pair> read(DatasetFiles files, String csv) {
    if (!files.exists(csv)) {
      throw new IllegalArgumentException(
          files.location()
              + " has no "
              + csv
              + "; expected DenseDepth's NYU layout"
              + " (data/nyu2_train.csv, data/nyu2_test.csv with rgb,depth rows)");
    }
    String text = new String(files.read(csv), StandardCharsets.UTF_8);
    String[] lines = text.split("\r?\n", -1);
    List<Pair> pairs = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      int lineNo = i + 1;
      if (line.isEmpty() || (lineNo == 1 && line.equalsIgnoreCase("rgb,depth"))) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != 2 || cells[0].isBlank() || cells[1].isBlank()) {
        throw new IllegalArgumentException(
            where(files, csv, lineNo)
                + ": expected 'rgb,depth' paths, got '"
                + abbreviate(line)
                + "'");
      }
      Pair pair = new Pair(cells[0].strip(), cells[1].strip(), lineNo);
      for (String path : List.of(pair.rgb(), pair.depth())) {
        if (!files.exists(path)) {
          throw new IllegalArgumentException(
              where(files, csv, lineNo)
                  + " names "
                  + files.describe(path)
                  + ", which does not exist: "
                  + files.location()
                  + " does not contain '"
                  + path
                  + "' (paths are relative to the folder holding data/)");
        }
      }
      pairs.add(pair);
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException(files.describe(csv) + " lists no images");
    }
    return List.copyOf(pairs);
  }

  /** {@code <the CSV> line <n>}, for errors about a row. */
  public static String where(DatasetFiles files, String csv, int line) {
    return files.describe(csv) + " line " + line;
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }
}
