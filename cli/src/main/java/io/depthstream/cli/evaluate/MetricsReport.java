package io.depthstream.cli.evaluate;

import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.EvaluationProtocol;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The text {@code evaluate} prints: an aligned table for people and one JSON line for scripts. */
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
    return header + System.lineSeparator() + row;
  }

  static String summary(String what, EvaluationProtocol protocol, long images, long skipped) {
    String skippedNote =
        skipped == 0 ? "" : ", " + skipped + " more without ground truth in range were skipped";
    return "evaluated " + images + " images (" + what + "), " + protocol + skippedNote;
  }

  /** The metrics under their protocol names, in table order. */
  static Map<String, Double> byName(DepthMetrics mean) {
    Map<String, Double> named = new LinkedHashMap<>();
    double[] values = mean.toArray();
    for (int i = 0; i < NAMES.length; i++) {
      named.put(NAMES[i], values[i]);
    }
    return named;
  }

  static String json(DepthMetrics mean, long images) {
    StringBuilder json = new StringBuilder("{");
    double[] values = mean.toArray();
    for (int i = 0; i < NAMES.length; i++) {
      json.append('"').append(NAMES[i]).append("\":").append(values[i]).append(',');
    }
    return json.append("\"images\":").append(images).append('}').toString();
  }
}
