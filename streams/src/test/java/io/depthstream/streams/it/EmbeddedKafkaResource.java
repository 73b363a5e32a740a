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

  @Override
  public Map<String, String> start() {
    try {
      workDir = Files.createTempDirectory("depthstream-quarkus-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OnnxTestModels.greyToDepthBundle(workDir.resolve("model"));
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
