package io.depthstream.trainer.report;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * One row of the qualitative grid: a test image, its ground truth and each model's prediction
 * (keyed by the model's name as given to {@link ComparisonReport.Builder#run}). Sizes may differ;
 * every picture is scaled to the grid's cell.
 */
public record QualitativeExample(
    String label, RgbImage rgb, DepthImage groundTruth, Map<String, DepthImage> predictions) {

  public QualitativeExample {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(rgb, "rgb");
    Objects.requireNonNull(groundTruth, "groundTruth");
    predictions = new LinkedHashMap<>(predictions);
  }

  /**
   * Which test images to show: {@code rows} distinct indices of {@code [0, datasetSize)} drawn from
   * {@code seed} and sorted, the same for every model and every run with that seed.
   */
  public static int[] pickIndices(int datasetSize, int rows, long seed) {
    if (datasetSize <= 0 || rows <= 0) {
      throw new IllegalArgumentException(
          "need a non-empty test set and at least one row, got " + rows + " of " + datasetSize);
    }
    int n = Math.min(rows, datasetSize);
    int[] all = new int[datasetSize];
    for (int i = 0; i < datasetSize; i++) {
      all[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(datasetSize - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] picked = Arrays.copyOf(all, n);
    Arrays.sort(picked);
    return picked;
  }
}
