package io.depthstream.streams.it;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.SecuredListener;
import io.depthstream.broker.TestCertificates;
import io.depthstream.core.onnx.OnnxTestModels;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A service under test that may reach Kafka only as a company cluster allows: a broker whose
 * SASL_SSL listener accepts one SCRAM-SHA-512 user made here, certificates generated here, and the
 * service given that listener's address and a client properties file as {@code
 * depthstream.kafka.config}, the key {@code DEPTHSTREAM_KAFKA_CONFIG} sets, with the live view on.
 * The broker's PLAINTEXT listener is used only to create the user. The service logs to a file, so a
 * test can show that no secret reached it.
 */
public class SecuredKafkaResource implements QuarkusTestResourceLifecycleManager {

  static final String USER = "depthstream";
  static final String PASSWORD = "scram-" + UUID.randomUUID();

  /** The broker, client file and log of the running test; null outside one. */
  static volatile SecuredKafkaResource current;

  private EmbeddedKafkaBroker broker;
  private SecuredListener listener;
  private Path workDir;

  @Override
  public Map<String, String> start() {
    try {
      workDir = Files.createTempDirectory("depthstream-secured-it-");
      OnnxTestModels.greyToDepthBundle(workDir.resolve("model"));
      TestCertificates certs = TestCertificates.generate(workDir.resolve("tls"));
      listener =
          SecuredListener.scram(certs.brokerKeystore(), certs.truststore(), certs.password());
      broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral().withSecuredListener(listener));
      createScramUser(broker, USER, PASSWORD);
      Files.writeString(
          clientConfig(),
          String.join(
              "\n",
              "security.protocol=SASL_SSL",
              "sasl.mechanism=SCRAM-SHA-512",
              "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                  + " username=\""
                  + USER
                  + "\" password=\""
                  + PASSWORD
                  + "\";",
              "ssl.truststore.type=PKCS12",
              "ssl.truststore.location=" + certs.truststore(),
              "ssl.truststore.password=" + certs.password(),
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (Exception e) {
      throw new IllegalStateException("cannot prepare the secured broker: " + e, e);
    }
    current = this;
    String secured = securedBootstrap();
    return Map.ofEntries(
        Map.entry("quarkus.kafka-streams.bootstrap-servers", secured),
        Map.entry("kafka.bootstrap.servers", secured),
        Map.entry("depthstream.embedded-kafka.enabled", "false"),
        Map.entry("depthstream.kafka.config", clientConfig().toString()),
        Map.entry("depthstream.model.bundle", workDir.resolve("model").toString()),
        Map.entry("kafka-streams.state.dir", workDir.resolve("state").toString()),
        Map.entry("quarkus.log.file.enabled", "true"),
        Map.entry("quarkus.log.file.path", log().toString()),
        // The live view's consumer must get in too (it is off for `serve`, on in the demo).
        Map.entry("depthstream.live-view.enabled", "true"));
  }

  /** The SASL_SSL listener, the only one the service is told of. */
  String securedBootstrap() {
    return broker.bootstrapServers(listener);
  }

  /** The client properties file the service reads. */
  Path clientConfig() {
    return workDir.resolve("client.properties");
  }

  /** Everything the service logged. */
  Path log() {
    return workDir.resolve("service.log");
  }

  /**
   * Creates {@code user} on {@code broker} ({@link EmbeddedKafkaBroker#addScramUser}), first making
   * this test class path's SASL providers the JVM's own ({@link SaslProviders}).
   */
  static void createScramUser(EmbeddedKafkaBroker broker, String user, String password) {
    SaslProviders.ownedByThisClassLoader();
    broker.addScramUser(user, password);
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
