package io.depthstream.cli.publish;

import io.depthstream.core.kafka.TestCertificates;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;

/**
 * A real single-node Kafka (KRaft, broker and controller in one) in the test JVM, on free localhost
 * ports, in a temporary directory removed on close. A test-sized cousin of the service's
 * EmbeddedKafkaBroker, kept here so cli tests need not pull in the Quarkus service module. {@link
 * #startSecured} adds the two listeners of a company cluster: SASL_SSL with SCRAM-SHA-512 users and
 * SSL with client certificates required (mTLS), as the service's {@code SecuredListener} does.
 */
final class InProcessKafka implements AutoCloseable {

  static final int MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  private final KafkaRaftServer server;
  private final Path dataDir;
  private final int port;
  private final int saslSslPort;
  private final int mtlsPort;

  private InProcessKafka(
      KafkaRaftServer server, Path dataDir, int port, int saslSslPort, int mtlsPort) {
    this.server = server;
    this.dataDir = dataDir;
    this.port = port;
    this.saslSslPort = saslSslPort;
    this.mtlsPort = mtlsPort;
  }

  static InProcessKafka start() throws IOException {
    return start(null);
  }

  /** A broker with PLAINTEXT, SASL_SSL (SCRAM-SHA-512) and MTLS listeners on {@code certs}. */
  static InProcessKafka startSecured(TestCertificates certs) throws IOException {
    return start(certs);
  }

  private static InProcessKafka start(TestCertificates certs) throws IOException {
    // The broker's INFO logging runs to thousands of lines; keep its warnings.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    Path dataDir = Files.createTempDirectory("depthstream-cli-kafka-");
    int port = freePort();
    int controllerPort = freePort();
    int saslSslPort = certs == null ? -1 : freePort();
    int mtlsPort = certs == null ? -1 : freePort();
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    String listeners = "PLAINTEXT://localhost:" + port;
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    if (certs != null) {
      listeners += ",SASL_SSL://localhost:" + saslSslPort + ",MTLS://localhost:" + mtlsPort;
      protocols += ",SASL_SSL:SASL_SSL,MTLS:SSL";
      putTls(p, "sasl_ssl", certs);
      p.put("listener.name.sasl_ssl.sasl.enabled.mechanisms", "SCRAM-SHA-512");
      p.put(
          "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
          "org.apache.kafka.common.security.scram.ScramLoginModule required;");
      putTls(p, "mtls", certs);
      p.put("listener.name.mtls.ssl.client.auth", "required");
    }
    p.put("listeners", listeners + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", listeners);
    p.put("listener.security.protocol.map", protocols);
    p.put("log.dirs", dataDir.toString());
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("message.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    p.put("replica.fetch.max.bytes", Integer.toString(MAX_MESSAGE_BYTES));
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024));
    format(dataDir);
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(p, false), Time.SYSTEM);
    server.startup();
    return new InProcessKafka(server, dataDir, port, saslSslPort, mtlsPort);
  }

  private static void putTls(Properties p, String listener, TestCertificates certs) {
    String prefix = "listener.name." + listener + ".";
    p.put(prefix + "ssl.keystore.type", "PKCS12");
    p.put(prefix + "ssl.keystore.location", certs.brokerKeystore().toString());
    p.put(prefix + "ssl.keystore.password", certs.password());
    p.put(prefix + "ssl.key.password", certs.password());
    p.put(prefix + "ssl.truststore.type", "PKCS12");
    p.put(prefix + "ssl.truststore.location", certs.truststore().toString());
    p.put(prefix + "ssl.truststore.password", certs.password());
  }

  String bootstrapServers() {
    return "localhost:" + port;
  }

  /** The SASL_SSL (SCRAM-SHA-512) listener of a secured broker. */
  String saslSslBootstrapServers() {
    return "localhost:" + saslSslPort;
  }

  /** The SSL listener that requires a client certificate. */
  String mtlsBootstrapServers() {
    return "localhost:" + mtlsPort;
  }

  /**
   * Creates (or replaces) a SCRAM-SHA-512 user through the PLAINTEXT listener and waits until the
   * broker knows it.
   */
  void addScramUser(String user, String password) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
          .all()
          .get(30, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!admin
          .describeUserScramCredentials()
          .users()
          .get(30, TimeUnit.SECONDS)
          .contains(user)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("SCRAM user " + user + " never reached the broker");
        }
        Thread.sleep(100);
      }
    }
  }

  /** A localhost port nobody listens on (bound and released), for unreachable-broker tests. */
  static int freePort() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName("localhost"), 0));
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void format(Path dataDir) {
    try {
      new Formatter()
          .setPrintStream(
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
          .setNodeId(1)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(dataDir.toString())
          .setMetadataLogDirectory(dataDir.toString())
          .setControllerListenerName("CONTROLLER")
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format " + dataDir + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    server.shutdown();
    server.awaitShutdown();
    try (Stream<Path> files = Files.walk(dataDir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    }
  }
}
