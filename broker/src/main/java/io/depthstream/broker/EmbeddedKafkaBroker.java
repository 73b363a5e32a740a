package io.depthstream.broker;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.AppInfoParser;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM:
 * what `serve` and the demo start when no external Kafka is named, what `bench --pipeline` runs the
 * service on, and what every test that needs Kafka runs against (service and cli alike). Its data
 * directory is formatted on first use and reused after that.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral())) {
 *   producerProps.put("bootstrap.servers", broker.bootstrapServers());
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  /** Free ports picked here can be taken by someone else before Kafka binds them; retry. */
  private static final int FREE_PORT_ATTEMPTS = 3;

  /** Kafka's minimum for SCRAM-SHA-512; these users guard a test or a laptop, not a bank. */
  private static final int SCRAM_ITERATIONS = 4096;

  private final KafkaRaftServer server;
  private final BrokerSettings settings;
  private final int port;
  private final Map<String, Integer> securedPorts;
  private boolean closed;

  private EmbeddedKafkaBroker(
      KafkaRaftServer server,
      BrokerSettings settings,
      int port,
      Map<String, Integer> securedPorts) {
    this.server = server;
    this.settings = settings;
    this.port = port;
    this.securedPorts = Map.copyOf(securedPorts);
  }

  /**
   * Formats the data directory if it is new, starts the broker and returns once it accepts clients.
   *
   * @throws IllegalStateException if the fixed port in {@code settings} is taken
   */
  public static EmbeddedKafkaBroker start(BrokerSettings settings) {
    boolean anyPort = settings.port() == 0;
    if (!anyPort) {
      requireFree(settings.port());
    }
    for (int attempt = 1; ; attempt++) {
      int port = anyPort ? freePort() : settings.port();
      int controllerPort = freePort();
      Map<String, Integer> securedPorts = new LinkedHashMap<>();
      settings.securedListeners().forEach(l -> securedPorts.put(l.name(), freePort()));
      try {
        return startOn(settings, port, controllerPort, securedPorts);
      } catch (RuntimeException e) {
        if (!isBindFailure(e) || attempt >= FREE_PORT_ATTEMPTS) {
          if (settings.deleteOnClose()) {
            deleteRecursively(settings.dataDir());
          }
          throw e;
        }
        LOG.info(
            "Port {}, {} or one of {} was taken before the broker bound it; retrying",
            port,
            controllerPort,
            securedPorts.values());
      }
    }
  }

  private static EmbeddedKafkaBroker startOn(
      BrokerSettings settings, int port, int controllerPort, Map<String, Integer> securedPorts) {
    Properties props = KraftServerProperties.of(settings, port, controllerPort, securedPorts);
    formatIfNew(settings.dataDir());
    long started = System.nanoTime();
    KafkaRaftServer server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
    try {
      server.startup();
    } catch (RuntimeException e) {
      stop(server);
      throw e;
    }
    LOG.info(
        "Kafka {} broker (single-node KRaft) listening on {}:{}, data in {} (started in {} ms)",
        AppInfoParser.getVersion(),
        KraftServerProperties.HOST,
        port,
        settings.dataDir(),
        (System.nanoTime() - started) / 1_000_000);
    settings
        .securedListeners()
        .forEach(
            l ->
                LOG.info(
                    "  and {} on {}:{}",
                    l,
                    KraftServerProperties.HOST,
                    securedPorts.get(l.name())));
    return new EmbeddedKafkaBroker(server, settings, port, securedPorts);
  }

  /** Where clients connect: {@code localhost:port}. */
  public String bootstrapServers() {
    return KraftServerProperties.HOST + ":" + port;
  }

  /**
   * Where clients of {@code listener}, one of the settings' secured listeners, connect: {@code
   * localhost:port}.
   */
  public String bootstrapServers(SecuredListener listener) {
    Integer securedPort = securedPorts.get(listener.name());
    if (securedPort == null) {
      throw new IllegalArgumentException(
          "this broker has no listener "
              + listener.name()
              + "; its settings name "
              + securedPorts.keySet());
    }
    return KraftServerProperties.HOST + ":" + securedPort;
  }

  /** The client port, the one picked if the settings asked for any free port. */
  public int port() {
    return port;
  }

  /** The directory that holds this broker's metadata and topic logs. */
  public Path dataDir() {
    return settings.dataDir();
  }

  /** The largest record batch this broker accepts. */
  public int maxMessageBytes() {
    return settings.maxMessageBytes();
  }

  /**
   * Creates (or replaces) a SCRAM-SHA-512 user through the PLAINTEXT listener and returns once the
   * broker knows it, so that a client of a {@link SecuredListener#scram} listener may sign in as
   * {@code user} straight away. KRaft keeps the credential in the cluster metadata: it outlives a
   * restart on the same data directory.
   *
   * @throws IllegalStateException if the broker does not take or confirm the user within 30 s
   */
  public void addScramUser(String user, String password) {
    Duration wait = Duration.ofSeconds(30);
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      user,
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS),
                      password)))
          .all()
          .get(wait.toMillis(), TimeUnit.MILLISECONDS);
      // The upsert is acknowledged by the controller; the broker's login cache follows it.
      long deadline = System.nanoTime() + wait.toNanos();
      while (!admin
          .describeUserScramCredentials()
          .users()
          .get(wait.toMillis(), TimeUnit.MILLISECONDS)
          .contains(user)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "SCRAM user " + user + " never reached the broker on " + bootstrapServers());
        }
        Thread.sleep(100);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while adding SCRAM user " + user, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot add SCRAM user " + user + " on " + bootstrapServers() + ": " + e, e);
    }
  }

  /** Stops the broker and waits for it; removes the data directory if the settings say so. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long started = System.nanoTime();
    stop(server);
    if (settings.deleteOnClose()) {
      deleteRecursively(settings.dataDir());
    }
    LOG.info(
        "Kafka broker on {} stopped in {} ms",
        bootstrapServers(),
        (System.nanoTime() - started) / 1_000_000);
  }

  private static void stop(KafkaRaftServer server) {
    server.shutdown();
    server.awaitShutdown();
  }

  /** Writes meta.properties and the bootstrap metadata, as `kafka-storage.sh format` does. */
  private static void formatIfNew(Path dataDir) {
    if (Files.exists(dataDir.resolve("meta.properties"))) {
      return;
    }
    ByteArrayOutputStream report = new ByteArrayOutputStream();
    try {
      Files.createDirectories(dataDir);
      new Formatter()
          .setPrintStream(new PrintStream(report, true, StandardCharsets.UTF_8))
          .setNodeId(KraftServerProperties.NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .addDirectory(dataDir.toString())
          .setMetadataLogDirectory(dataDir.toString())
          .setControllerListenerName(KraftServerProperties.CONTROLLER_LISTENER)
          .setIgnoreFormatted(true)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException(
          "cannot format Kafka data directory " + dataDir + ": " + e.getMessage(), e);
    }
    LOG.debug("Formatted {}: {}", dataDir, report.toString(StandardCharsets.UTF_8).trim());
  }

  private static void requireFree(int port) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(KraftServerProperties.HOST), port));
    } catch (IOException e) {
      throw new IllegalStateException(
          KraftServerProperties.HOST
              + ":"
              + port
              + " is already in use (another Kafka?): connect to that broker instead, or start"
              + " this one on another port",
          e);
    }
  }

  /**
   * A localhost port nobody listened on at the time of the call (bound and released): where this
   * broker puts a listener when its settings ask for any port, and where a test finds no broker.
   */
  public static int freePort() {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(KraftServerProperties.HOST), 0));
      return probe.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free TCP port on " + KraftServerProperties.HOST, e);
    }
  }

  private static boolean isBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      LOG.warn("Could not remove broker data directory {}: {}", dir, e.toString());
    }
  }
}
