package io.depthstream.streams.deploy;

import io.depthstream.broker.TopicSpec;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.demo.DemoConfig;
import io.depthstream.streams.kafka.EmbeddedKafkaConfig;
import io.depthstream.streams.kafka.ServiceTopics;
import io.depthstream.streams.kafka.TopicProvisioningConfig;
import io.depthstream.streams.live.LiveViewConfig;
import io.depthstream.streams.topics.Topics;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.PathConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's configuration as a container of it sees it: the shipped application.properties in
 * the {@code prod} profile with the container's environment on top, exactly the two sources the
 * image has. From it come the topics the service expects ({@link ServiceTopics}, the broker
 * package's source of truth), its HTTP port and endpoint paths, and the value each environment
 * variable actually ends up setting.
 */
final class ContainerSettings {

  /** Quarkus' defaults for what application.properties leaves unset. */
  private static final int QUARKUS_HTTP_PORT = 8080;

  private final SmallRyeConfig config;

  private ContainerSettings(SmallRyeConfig config) {
    this.config = config;
  }

  /** application.properties ({@code prod}) overridden by {@code environment}, as in a container. */
  static ContainerSettings of(Map<String, String> environment) {
    URL properties = ContainerSettings.class.getClassLoader().getResource("application.properties");
    if (properties == null) {
      throw new IllegalStateException("application.properties is not on the test classpath");
    }
    try {
      SmallRyeConfig config =
          new SmallRyeConfigBuilder()
              .withProfile("prod")
              .withSources(new PropertiesConfigSource(properties, 250))
              .withSources(new EnvConfigSource(environment, 300))
              .withConverter(Duration.class, 200, new DurationConverter())
              .withConverter(Path.class, 200, new PathConverter())
              // Every mapping the service has, so a key no mapping knows fails here as in Quarkus.
              .withMapping(DepthstreamConfig.class)
              .withMapping(EmbeddedKafkaConfig.class)
              .withMapping(TopicProvisioningConfig.class)
              .withMapping(LiveViewConfig.class)
              .withMapping(DemoConfig.class)
              .build();
      return new ContainerSettings(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  DepthstreamConfig service() {
    return config.getConfigMapping(DepthstreamConfig.class);
  }

  Topics topics() {
    return Topics.from(service().topics());
  }

  /** The topics as the service's provisioner would create them with this configuration. */
  List<TopicSpec> topicSpecs() {
    return ServiceTopics.specs(
        topics(),
        intValue("depthstream.topic-provisioning.partitions"),
        intValue("depthstream.topic-provisioning.max-message-bytes"));
  }

  /** The Kafka Streams application id, which is also the consumer group of its input topics. */
  String applicationId() {
    return value("quarkus.kafka-streams.application-id").orElseThrow();
  }

  String bootstrapServers() {
    return value("quarkus.kafka-streams.bootstrap-servers").orElseThrow();
  }

  int httpPort() {
    return value("quarkus.http.port").map(Integer::parseInt).orElse(QUARKUS_HTTP_PORT);
  }

  String metricsPath() {
    return nonApplicationPath(value("quarkus.micrometer.export.prometheus.path").orElse("metrics"));
  }

  String livenessPath() {
    return healthPath(value("quarkus.smallrye-health.liveness-path").orElse("live"));
  }

  String readinessPath() {
    return healthPath(value("quarkus.smallrye-health.readiness-path").orElse("ready"));
  }

  /** The resolved value of a property, expressions and profiles applied. */
  Optional<String> value(String property) {
    return config.getOptionalValue(property, String.class);
  }

  private int intValue(String property) {
    return config.getValue(property, Integer.class);
  }

  private String healthPath(String leaf) {
    return nonApplicationPath(
        value("quarkus.smallrye-health.root-path").orElse("health") + "/" + leaf);
  }

  private String nonApplicationPath(String leaf) {
    if (leaf.startsWith("/")) {
      return leaf;
    }
    String root = value("quarkus.http.non-application-root-path").orElse("q");
    return "/" + root.replaceAll("^/|/$", "") + "/" + leaf;
  }
}
