package io.depthstream.streams.kafka;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.TopicProvisioner;
import io.depthstream.fleet.KafkaClientConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.topics.Topics;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the service its Kafka before Kafka Streams starts: the in-process broker of {@link
 * EmbeddedKafkaBroker} unless KAFKA_BOOTSTRAP_SERVERS names a cluster, then the service topics on
 * whichever broker it is. The broker stops after Kafka Streams has closed, when the application's
 * beans are destroyed. It also owns how the service's own Kafka clients connect ({@link
 * #clientProperties()}): the bootstrap servers and the settings of {@code
 * DEPTHSTREAM_KAFKA_CONFIG}.
 */
@ApplicationScoped
public class KafkaStartup {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaStartup.class);

  /** quarkus-kafka-streams' placeholder meaning "use kafka.bootstrap.servers". */
  private static final String STREAMS_DEFAULT_BOOTSTRAP = "localhost:9012";

  private final EmbeddedKafkaConfig embedded;
  private final TopicProvisioningConfig provisioning;
  private final Topics topics;
  private final Config config;
  private final KafkaClientConfig clientConfig;
  private EmbeddedKafkaBroker broker;

  @Inject
  public KafkaStartup(
      EmbeddedKafkaConfig embedded,
      TopicProvisioningConfig provisioning,
      DepthstreamConfig service,
      Topics topics,
      Config config) {
    this.embedded = embedded;
    this.provisioning = provisioning;
    this.topics = topics;
    this.config = config;
    this.clientConfig =
        service
            .kafka()
            .config()
            .map(file -> KafkaClientConfig.load(file, KafkaClientConfig.VARIABLE))
            .orElse(KafkaClientConfig.none());
  }

  // Runs before every default-priority startup observer, Kafka Streams' among them.
  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) {
    String bootstrap = bootstrapServers();
    Optional<String> external = config.getOptionalValue("KAFKA_BOOTSTRAP_SERVERS", String.class);
    if (embedded.enabled() && external.isEmpty()) {
      if (clientConfig.isPresent()) {
        throw new IllegalStateException(
            clientConfig.origin()
                + " is set but KAFKA_BOOTSTRAP_SERVERS is not, and the in-process broker speaks"
                + " PLAINTEXT only: set KAFKA_BOOTSTRAP_SERVERS to the secured cluster's address, or"
                + " unset "
                + KafkaClientConfig.VARIABLE);
      }
      startEmbedded(bootstrap);
    } else {
      LOG.info(
          "Kafka: using the cluster at {} (no in-process broker); client settings: {}",
          bootstrap,
          clientConfig.describe());
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
              + " to use that cluster, or make depthstream.embedded-kafka.port and"
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
              + " to use it; otherwise free the port or set depthstream.embedded-kafka.port",
          e);
    }
    LOG.info(
        "Kafka: in-process broker on {} (data in {}); set KAFKA_BOOTSTRAP_SERVERS to use another"
            + " cluster",
        broker.bootstrapServers(),
        broker.dataDir());
  }

  private void provisionTopics(String bootstrap) {
    Map<String, Object> adminProperties = clientProperties();
    // Closing the admin waits for its pending calls: let none outlive the provisioning timeout.
    int timeoutMs = (int) Math.min(Integer.MAX_VALUE, provisioning.timeout().toMillis());
    adminProperties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    adminProperties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
    try (Admin admin = Admin.create(adminProperties)) {
      new TopicProvisioner(admin, provisioning.timeout())
          .ensure(
              ServiceTopics.specs(
                  topics, provisioning.partitions(), provisioning.maxMessageBytes()));
    } catch (RuntimeException e) {
      if (broker != null) {
        throw e;
      }
      Optional<String> refused = clientConfig.explainRefusal(bootstrap, e);
      if (refused.isPresent()) {
        // Every client of the service would be refused alike: stop here, saying why.
        throw new IllegalStateException(refused.get(), e);
      }
      // An external cluster may deny topic creation; Kafka Streams then waits for the topics.
      LOG.warn(
          "Could not provision the service topics on {}: {}. Create {} there, or set"
              + " depthstream.topic-provisioning.enabled=false",
          bootstrap,
          timedOut(e) ? clientConfig.noAnswer(bootstrap, provisioning.timeout()) : e.getMessage(),
          topics.inputs());
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.TimeoutException
          || t instanceof org.apache.kafka.common.errors.TimeoutException) {
        return true;
      }
    }
    return false;
  }

  /**
   * How every Kafka client of the service connects, before its own settings: the bootstrap servers
   * and the settings of {@code DEPTHSTREAM_KAFKA_CONFIG}. Holds secrets: never log it.
   */
  public Map<String, Object> clientProperties() {
    Map<String, Object> properties = new HashMap<>();
    properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    return clientConfig.applyTo(properties);
  }

  /** The client properties file of {@code DEPTHSTREAM_KAFKA_CONFIG}, or none. */
  public KafkaClientConfig clientConfig() {
    return clientConfig;
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
