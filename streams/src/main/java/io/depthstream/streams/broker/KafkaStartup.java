package io.depthstream.streams.broker;

import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.topics.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the service its Kafka before Kafka Streams starts: the in-process broker of {@link
 * EmbeddedKafkaBroker} unless KAFKA_BOOTSTRAP_SERVERS names a cluster, then the service topics on
 * whichever broker it is. The broker stops after Kafka Streams has closed, when the application's
 * beans are destroyed.
 */
@ApplicationScoped
public class KafkaStartup {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaStartup.class);

  /** quarkus-kafka-streams' placeholder meaning "use kafka.bootstrap.servers". */
  private static final String STREAMS_DEFAULT_BOOTSTRAP = "localhost:9012";

  private final EmbeddedKafkaConfig embedded;
  private final TopicProvisioningConfig provisioning;
  private final DepthstreamConfig service;
  private final Config config;
  private EmbeddedKafkaBroker broker;

  @Inject
  public KafkaStartup(
      EmbeddedKafkaConfig embedded,
      TopicProvisioningConfig provisioning,
      DepthstreamConfig service,
      Config config) {
    this.embedded = embedded;
    this.provisioning = provisioning;
    this.service = service;
    this.config = config;
  }

  // Runs before every default-priority startup observer, Kafka Streams' among them.
  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    String bootstrap = bootstrapServers();
    Optional<String> external = config.getOptionalValue("KAFKA_BOOTSTRAP_SERVERS", String.class);
    if (embedded.enabled() && external.isEmpty()) {
      startEmbedded(bootstrap);
    } else {
      LOG.info("Kafka: using the cluster at {} (no in-process broker)", bootstrap);
    }
    if (provisioning.enabled()) {
      provisionTopics(bootstrap);
    }
  }

  /** The broker started here, if any. */
  public Optional<EmbeddedKafkaBroker> broker() {
    return Optional.ofNullable(broker);
  }

  @PreDestroy
  void stop() {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  private void startEmbedded(String bootstrap) {
    String own = "localhost:" + embedded.port();
    if (!bootstrap.equals(own) && !bootstrap.equals("127.0.0.1:" + embedded.port())) {
      throw new IllegalStateException(
          "Kafka Streams is configured for "
              + bootstrap
              + " but the in-process broker would listen on "
              + own
              + ": set KAFKA_BOOTSTRAP_SERVERS="
              + bootstrap
              + " to use that cluster, or make embedded-kafka.port and"
              + " quarkus.kafka-streams.bootstrap-servers agree");
    }
    BrokerSettings settings =
        new BrokerSettings(embedded.port(), embedded.dataDir(), false, embedded.maxMessageBytes());
    try {
      broker = EmbeddedKafkaBroker.start(settings);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(
          e.getMessage()
              + ". If a Kafka already runs there, start with KAFKA_BOOTSTRAP_SERVERS="
              + own
              + " to use it; otherwise free the port or set embedded-kafka.port",
          e);
    }
    LOG.info(
        "Kafka: in-process broker on {} (data in {}); set KAFKA_BOOTSTRAP_SERVERS to use another"
            + " cluster",
        broker.bootstrapServers(),
        broker.dataDir());
  }

  private void provisionTopics(String bootstrap) {
    Topics topics = Topics.from(service.topics());
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin, provisioning.timeout())
          .ensure(
              ServiceTopics.specs(
                  topics, provisioning.partitions(), provisioning.maxMessageBytes()));
    } catch (RuntimeException e) {
      if (broker != null) {
        throw e;
      }
      // An external cluster may deny topic creation; Kafka Streams then waits for the topics.
      LOG.warn(
          "Could not provision the service topics on {}: {}. Create {} there, or set"
              + " topic-provisioning.enabled=false",
          bootstrap,
          e.getMessage(),
          topics.inputs());
    }
  }

  /**
   * The servers Kafka Streams connects to, resolved the way quarkus-kafka-streams does; the demo
   * fleet and the live view connect there too.
   */
  public String bootstrapServers() {
    Optional<String> streams =
        config.getOptionalValue("quarkus.kafka-streams.bootstrap-servers", String.class);
    if (streams.isPresent() && !streams.get().equals(STREAMS_DEFAULT_BOOTSTRAP)) {
      return streams.get();
    }
    return config
        .getOptionalValue("kafka.bootstrap.servers", String.class)
        .orElse("localhost:" + embedded.port());
  }
}
