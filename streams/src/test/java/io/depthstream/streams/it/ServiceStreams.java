package io.depthstream.streams.it;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.failures.StreamThreadFailures;
import io.depthstream.streams.observability.InferenceHealth;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.observability.WindowGauges;
import io.depthstream.streams.topics.Topics;
import io.depthstream.streams.topology.TopologyProducer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The service's topology and Kafka Streams settings for integration tests that run plain Kafka
 * Streams (no Quarkus), so they exercise what {@code serve} runs: one place to build both.
 */
final class ServiceStreams {

  private ServiceStreams() {}

  /** Kafka Streams running the service topology, with the service's thread-death policy. */
  static KafkaStreams start(Topology topology, Properties properties) {
    KafkaStreams streams = create(topology, properties);
    streams.start();
    return streams;
  }

  /**
   * Kafka Streams running the service topology, with the service's thread-death policy, not yet
   * started: for a caller that listens to state changes from the first one on.
   */
  static KafkaStreams create(Topology topology, Properties properties) {
    KafkaStreams streams = new KafkaStreams(topology, properties);
    streams.setUncaughtExceptionHandler(StreamThreadFailures.defaults());
    return streams;
  }

  /** The service topology with fresh meters and the wall clock. */
  static Topology topology(DepthstreamConfig config, DepthEstimator estimator) {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    WindowGauges gauges =
        new WindowGauges(
            registry, config.metrics().maxVehicleLabels(), config.metrics().maxModelLabels());
    return new TopologyProducer(
            config,
            Topics.from(config.topics()),
            estimator,
            new PipelineMetrics(registry),
            gauges,
            Clock.systemUTC(),
            new InferenceHealth(
                config.health().inferenceWindow(), config.health().inferenceFailureRatio()))
        .build();
  }

  /**
   * The service's own Kafka Streams settings: every {@code kafka-streams.*} key of
   * application.properties (exactly-once, record sizes, the failure handlers), sized for restarts.
   */
  static Properties properties(String applicationId, String bootstrap, Path stateDir) {
    return properties(applicationId, bootstrap, stateDir, Map.of());
  }

  /** As above, with {@code depthstream.*} overrides (e.g. a smaller max-record-bytes). */
  static Properties properties(
      String applicationId, String bootstrap, Path stateDir, Map<String, String> overrides) {
    Properties p = TestConfig.kafkaStreams(overrides);
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    // The broker's minimum; a restarted member joins once the old one's session has expired.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
    // Small polls, so that a stop lands between commits rather than after a single big batch.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 5);
    return p;
  }
}
