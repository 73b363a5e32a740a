package io.depthstream.core.inference;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model's metrics on data it never saw in training, with the two commands that reproduce them:
 * the one that made the data and the one that scored the model on it. The validation metrics a
 * trainer reports come from its own training distribution; these are the numbers to quote.
 *
 * @param name what the set is, e.g. {@code synth-indoor} (unique within a bundle)
 * @param data the command that generated the data (or where it came from)
 * @param command the {@code ./depthstream evaluate} command that produced {@link #metrics}
 * @param images images scored
 * @param metrics mean metrics by name, sorted by name
 */
public record HeldOutEvaluation(
    String name, String data, String command, int images, Map<String, Double> metrics) {

  public HeldOutEvaluation {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(command, "command");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a held-out evaluation needs a name");
    }
    if (images < 1) {
      throw new IllegalArgumentException("a held-out evaluation scores at least 1 image");
    }
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
  }
}
