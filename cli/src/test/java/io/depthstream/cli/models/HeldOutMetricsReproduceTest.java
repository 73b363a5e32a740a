package io.depthstream.cli.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.cli.CommandRun;
import io.depthstream.core.inference.HeldOutEvaluation;
import io.depthstream.core.inference.ModelBundle;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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
    for (Path dir : RecordedCommands.bundleDirectories()) {
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
    List<String> synth = RecordedCommands.words(recorded.data(), "synth");
    String recordedOut = RecordedCommands.valueOf(synth, "--out");
    Path out = scratch.resolve(recorded.name());
    RecordedCommands.set(synth, "--out", out.toString());
    if (synth.contains("--threads")) { // frames do not depend on the thread count
      RecordedCommands.set(synth, "--threads", "" + Runtime.getRuntime().availableProcessors());
    }
    CommandRun rendered = CommandRun.of(synth.toArray(String[]::new));
    assertThat(rendered.exit).as(rendered.err).isZero();

    List<String> evaluate = RecordedCommands.words(recorded.command(), "evaluate");
    String data = RecordedCommands.valueOf(evaluate, "--data");
    assertThat(data).as("--data lies in the synth output").startsWith(recordedOut);
    RecordedCommands.set(evaluate, "--data", out + data.substring(recordedOut.length()));
    RecordedCommands.set(evaluate, "--model", bundle.directory().toString());
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
}
