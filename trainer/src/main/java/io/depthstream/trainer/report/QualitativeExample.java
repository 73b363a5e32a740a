package io.depthstream.trainer.report;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

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
}
