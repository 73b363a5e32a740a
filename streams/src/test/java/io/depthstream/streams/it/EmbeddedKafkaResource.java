package io.depthstream.streams.it;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.core.onnx.OnnxTestModels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Everything a {@code @QuarkusTest} of the service needs from outside: a real broker on a free port
 * (the app's own embedded broker is off in the test profile), the tiny grey ONNX model of {@link
 * OnnxTestModels#greyToDepthBundle} as the served bundle, and a private Kafka Streams state
 * directory so parallel builds on one machine do not share locks.
 */
public class EmbeddedKafkaResource implements QuarkusTestResourceLifecycleManager {

  private EmbeddedKafkaBroker broker;
  private Path workDir;

  /** The broker of the running test; null outside one. */
  static volatile EmbeddedKafkaBroker current;

  /**
   * A file in a task directory left, as an earlier run of the service would leave it, in the state
   * directory before the service starts: the service deletes task directories at start ({@code
   * StateDirectoryReset}), so it is gone once the service runs. Null outside a test.
   */
  static volatile Path leftoverTaskFile;

  @Override
  public Map<String, String> start() {
    try {
      workDir = Files.createTempDirectory("depthstream-quarkus-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OnnxTestModels.greyToDepthBundle(workDir.resolve("model"));
    try {
      // A task this topology has no sub-topology for: Kafka Streams itself leaves it alone (it
      // wipes
      // the directory of a task it runs without a checkpoint, so 0_0 would prove nothing).
      Path task = Files.createDirectories(workDir.resolve("state/depthstream/99_0"));
      leftoverTaskFile = Files.writeString(task.resolve("left-by-an-earlier-run"), "stale");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
    current = broker;
    return Map.of(
        "quarkus.kafka-streams.bootstrap-servers", broker.bootstrapServers(),
        "kafka.bootstrap.servers", broker.bootstrapServers(),
        "depthstream.embedded-kafka.enabled", "false",
        "depthstream.model.bundle", workDir.resolve("model").toString(),
        "kafka-streams.state.dir", workDir.resolve("state").toString());
  }

  @Override
  public void stop() {
    current = null;
    leftoverTaskFile = null;
    if (broker != null) {
      broker.close();
    }
    if (workDir != null) {
      try (Stream<Path> paths = Files.walk(workDir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
