package io.depthstream.cli.evaluate;

import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.EvaluationProtocol;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The text {@code evaluate} prints: an aligned table for people and one JSON line for scripts. The
 * depth boundary error (dbe_acc, dbe_comp, in pixels) is a column of the table only when some image
 * had one (dense ground truth); JSON always has it, null when none did.
 */
final class MetricsReport {

  private static final String[] NAMES = {
    "delta1", "delta2", "delta3", "abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "silog"
  };

  private MetricsReport() {}

  static String table(DepthMetrics mean, long images) {
    StringBuilder header = new StringBuilder();
    StringBuilder row = new StringBuilder();
    double[] values = mean.toArray();
    for (int i = 0; i < NAMES.length; i++) {
      header.append(String.format(Locale.ROOT, "%9s", NAMES[i]));
      row.append(String.format(Locale.ROOT, "%9.4f", values[i]));
    }
    header.append(String.format(Locale.ROOT, "%8s", "images"));
    row.append(String.format(Locale.ROOT, "%8d", images));
    if (mean.hasBoundaryError()) {
      header.append(String.format(Locale.ROOT, "%9s%9s", "dbe_acc", "dbe_comp"));
      row.append(
          String.format(Locale.ROOT, "%9.3f%9.3f", mean.dbeAccuracy(), mean.dbeCompleteness()));
    }
    return header + System.lineSeparator() + row;
  }

  static String summary(String what, EvaluationProtocol protocol, long images, long skipped) {
    String skippedNote =
        skipped == 0 ? "" : ", " + skipped + " more without ground truth in range were skipped";
    return "evaluated " + images + " images (" + what + "), " + protocol + skippedNote;
  }

  /** Which images the depth boundary error covers, for the line under the summary. */
  static String boundaryNote(long boundaryImages, long images) {
    if (boundaryImages == images) {
      return "depth boundary error (dbe_acc, dbe_comp: px, lower is better) over every image";
    }
    return "depth boundary error over "
        + boundaryImages
        + " of "
        + images
        + " images: it needs ground truth at half the crop's pixels or more, with an edge";
  }

  /**
   * The metrics under their protocol names, in table order; the boundary error only when there is
   * one (what {@code --record} writes into model.json, where every value is a number).
   */
  static Map<String, Double> byName(DepthMetrics mean) {
    Map<String, Double> named = new LinkedHashMap<>();
    double[] values = mean.toArray();
    for (int i = 0; i < NAMES.length; i++) {
      named.put(NAMES[i], values[i]);
    }
    if (mean.hasBoundaryError()) {
      named.put("dbe_acc", mean.dbeAccuracy());
      named.put("dbe_comp", mean.dbeCompleteness());
    }
    return named;
  }

  /**
   * One JSON object: the nine metrics, images, then dbe_acc and dbe_comp (null without a boundary
   * error) and dbe_images, the images they are the mean over.
   */
  static String json(DepthMetrics mean, long images, long boundaryImages) {
    StringBuilder json = new StringBuilder("{");
    double[] values = mean.toArray();
    for (int i = 0; i < NAMES.length; i++) {
      json.append('"').append(NAMES[i]).append("\":").append(values[i]).append(',');
    }
    json.append("\"images\":").append(images);
    boolean has = mean.hasBoundaryError();
    json.append(",\"dbe_acc\":").append(has ? String.valueOf(mean.dbeAccuracy()) : "null");
    json.append(",\"dbe_comp\":").append(has ? String.valueOf(mean.dbeCompleteness()) : "null");
    json.append(",\"dbe_images\":").append(boundaryImages);
    return json.append('}').toString();
  }
}
