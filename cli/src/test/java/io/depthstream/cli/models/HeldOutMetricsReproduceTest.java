package io.depthstream.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.cli.CommandRun;
import io.depthstream.core.inference.HeldOutEvaluation;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.testing.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bundle in the repository's {@code models/} that records held-out metrics reproduces them:
 * the recorded synth command renders the set afresh (into a temporary folder), the recorded
 * evaluate command scores the committed model on it, and the numbers must be the ones in {@code
 * model.json}. This is the check behind the metrics the README quotes.
 */
class HeldOutMetricsReproduceTest {

  /** ONNX Runtime's CPU kernels may round differently on another processor; the data cannot. */
  private static final double TOLERANCE = 1e-4;

  @TempDir Path scratch;

  @TestFactory
  Stream<DynamicTest> committedBundlesReproduceTheirHeldOutMetrics() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path dir : bundleDirectories()) {
      ModelBundle bundle = ModelBundle.load(dir);
      for (HeldOutEvaluation recorded : bundle.heldOut()) {
        tests.add(
            DynamicTest.dynamicTest(
                bundle.label() + " on " + recorded.name(), () -> reproduce(bundle, recorded)));
      }
    }
    assertThat(tests)
        .as("the default bundle in models/ records its held-out evaluations")
        .isNotEmpty();
    return tests.stream();
  }

  private void reproduce(ModelBundle bundle, HeldOutEvaluation recorded) {
    List<String> synth = words(recorded.data(), "synth");
    String recordedOut = valueOf(synth, "--out");
    Path out = scratch.resolve(recorded.name());
    set(synth, "--out", out.toString());
    if (synth.contains("--threads")) { // frames do not depend on the thread count
      set(synth, "--threads", "" + Runtime.getRuntime().availableProcessors());
    }
    CommandRun rendered = CommandRun.of(synth.toArray(String[]::new));
    assertThat(rendered.exit).as(rendered.err).isZero();

    List<String> evaluate = words(recorded.command(), "evaluate");
    String data = valueOf(evaluate, "--data");
    assertThat(data).as("--data lies in the synth output").startsWith(recordedOut);
    set(evaluate, "--data", out + data.substring(recordedOut.length()));
    set(evaluate, "--model", bundle.directory().toString());
    // score only: the committed model.json and pictures stay as they are
    for (String writes :
        new String[] {"--record", "--sheet", "--sheet-rows", "--write-predictions"}) {
      int at = evaluate.indexOf(writes);
      if (at >= 0) {
        evaluate.subList(at, at + 2).clear();
      }
    }
    if (!evaluate.contains("--json")) {
      evaluate.add("--json");
    }
    CommandRun scored = CommandRun.of(evaluate.toArray(String[]::new));
    assertThat(scored.exit).as(scored.err).isZero();

    Map<String, Double> now = CommandRun.lastLineJson(scored.out);
    assertThat(now.get("images").intValue()).isEqualTo(recorded.images());
    recorded
        .metrics()
        .forEach(
            (name, value) ->
                assertThat(now.get(name))
                    .as(name)
                    .isCloseTo(value, within(TOLERANCE * Math.max(1, Math.abs(value)))));
  }

  /** The words of a recorded {@code ./depthstream NAME ...} command, from NAME on. */
  private static List<String> words(String command, String name) {
    List<String> words = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
    assertThat(words).as(command).hasSizeGreaterThan(2);
    assertThat(words.get(0)).isEqualTo("./depthstream");
    assertThat(words.get(1)).isEqualTo(name);
    return words.subList(1, words.size());
  }

  private static String valueOf(List<String> words, String option) {
    int at = words.indexOf(option);
    assertThat(at).as(option + " in " + words).isPositive();
    return words.get(at + 1);
  }

  private static void set(List<String> words, String option, String value) {
    words.set(words.indexOf(option) + 1, value);
  }

  private static List<Path> bundleDirectories() throws IOException {
    Path models = RepositoryRoot.path().resolve("models");
    try (Stream<Path> dirs = Files.list(models)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(ModelBundle.DESCRIPTOR_FILE)))
          .sorted()
          .toList();
    }
  }
}
