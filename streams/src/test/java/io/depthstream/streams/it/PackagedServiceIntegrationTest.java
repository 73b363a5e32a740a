package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.schemas.DepthMap;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.broker.BrokerSettings;
import io.depthstream.streams.broker.EmbeddedKafkaBroker;
import io.depthstream.streams.inference.FrameInference;
import io.depthstream.streams.topics.Topics;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The service runs as its container images and manifests say, proven without a Docker engine: the
 * packaged service ({@code quarkus-app/quarkus-run.jar}, built here by {@link ServicePackage}),
 * started with the prod profile as a non-root user ({@link UnprivilegedUser}: uid 185 under root,
 * like the images' USER) from a working directory that user cannot write, with exactly the two
 * writable places the images and k8s/ give it: the Kafka Streams state directory
 * (DEPTHSTREAM_STATE_DIR, the images' /var/lib/depthstream/streams volume) and java.io.tmpdir (the
 * images' /tmp, an emptyDir in Kubernetes, where ONNX Runtime and RocksDB unpack their native
 * libraries). Against a broker started here, it must become ready and turn a frame into a depth
 * map.
 *
 * <p>Skipped only where it runs as root with neither setpriv nor runuser (util-linux) to drop root;
 * on CI ({@code CI=true}) that fails instead.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PackagedServiceIntegrationTest {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
  private static final Duration DEPTH_DEADLINE = Duration.ofSeconds(60);
  private static final String VEHICLE = "packaged-v1";
  private static final int GREY = 128;
  private static final int LOG_TAIL_LINES = 60;

  private static UnprivilegedUser user;

  @TempDir Path temp;

  private EmbeddedKafkaBroker broker;
  private Process service;
  private Path app;

  @BeforeAll
  static void findUser() {
    Optional<UnprivilegedUser> found = UnprivilegedUser.find();
    String missing =
        "this test runs as root and finds neither setpriv nor runuser (util-linux) to start the"
            + " service as a non-root user; install util-linux";
    if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
      Assertions.fail(missing);
    }
    Assumptions.assumeTrue(found.isPresent(), missing);
    user = found.get();
  }

  @AfterEach
  void stop() throws IOException {
    try {
      if (service != null) {
        stopProcessTree(service);
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
      if (app != null && !user.switched()) {
        // The test's own user made the package read-only; let @TempDir delete it.
        setWritable(app, true);
      }
    }
  }

  @Test
  void thePackagedServiceRunsAsANonRootUserWithOnlyStateAndTmpWritable() throws Exception {
    Sandbox sandbox = Sandbox.create(temp, user);
    app = ServicePackage.build(sandbox.root().resolve("build"));
    makeReadOnlyForTheService(app);
    OnnxTestModels.greyToDepthBundle(sandbox.model());
    readableByAll(sandbox.model());
    Map<String, Long> packaged = listing(app);

    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
    int port = freePort();
    service = start(sandbox, port);

    awaitReady(sandbox, port);
    Topics topics = Topics.from(TestConfig.load(Map.of()).topics());
    ServiceTraffic.send(
        broker.bootstrapServers(),
        topics.frames(),
        List.of(ServiceTraffic.greyFrame(VEHICLE, 1, 64, 48, GREY, Instant.now())));
    List<DepthMap> maps =
        ServiceTraffic.committedDepthMaps(
            broker.bootstrapServers(),
            topics.depthMaps(),
            m -> VEHICLE.equals(m.getVehicleId()),
            1,
            DEPTH_DEADLINE);

    assertThat(maps)
        .as("depth maps of %s; the service's log ends:\n%s", VEHICLE, logTail(sandbox))
        .hasSize(1);
    DepthImage depth =
        DepthPngCodec.decode(
            FrameInference.bytes(maps.get(0).getDepthPng()), maps.get(0).getScale());
    assertThat(depth.width()).isEqualTo(64);
    // The grey model reads level 128 as 10·128/255 = 5.0196 m.
    assertThat((double) depth.at(32, 24)).isCloseTo(5.020, offset(0.002));
    assertThat(ownerOfStateFiles(sandbox.state()))
        .as("Kafka Streams' state, written by the service's user " + user.description())
        .containsOnly(user.uid());
    assertThat(listing(sandbox.tmp()))
        .as("java.io.tmpdir: ONNX Runtime's and RocksDB's native libraries")
        .isNotEmpty();
    assertThat(listing(app)).as("the package is unchanged").isEqualTo(packaged);
  }

  /**
   * The service as the image's entry point starts it ({@code java $JAVA_OPTS -jar quarkus-run.jar}
   * in its WORKDIR), with the environment the images and k8s/ give it.
   */
  private Process start(Sandbox sandbox, int port) throws IOException {
    List<String> java =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // The images' JAVA_OPTS, and a small quick JVM: it shares two cores with the broker.
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // What /tmp is in the container: the one writable scratch folder.
            "-Djava.io.tmpdir=" + sandbox.tmp(),
            // The JVM's perf data goes to /tmp/hsperfdata_<user> whatever java.io.tmpdir says;
            // in the container /tmp is the volume above, here it would litter the host's /tmp.
            "-XX:-UsePerfData",
            "-jar",
            app.resolve("quarkus-run.jar").toString());
    ProcessBuilder builder =
        new ProcessBuilder(user.command(java))
            .directory(app.toFile())
            .redirectErrorStream(true)
            .redirectOutput(sandbox.log().toFile());
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    // Docker's HOME for a uid without a passwd entry; the service must not need one.
    env.put("HOME", "/");
    env.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    env.put("EMBEDDED_KAFKA_ENABLED", "false");
    env.put("DEPTHSTREAM_MODEL", sandbox.model().toString());
    env.put("DEPTHSTREAM_MODEL_DEVICE", "CPU");
    env.put("DEPTHSTREAM_STATE_DIR", sandbox.state().toString());
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    // One partition per topic: fewer tasks and state stores to open on a small CI machine.
    env.put("TOPIC_PROVISIONING_PARTITIONS", "1");
    return builder.start();
  }

  private void awaitReady(Sandbox sandbox, int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long end = System.nanoTime() + READY_DEADLINE.toNanos();
    String last = "no answer";
    while (System.nanoTime() < end) {
      if (!service.isAlive()) {
        Assertions.fail(
            "the packaged service, run as "
                + user.description()
                + ", exited with status "
                + service.exitValue()
                + " before it was ready; its log ends:\n"
                + logTail(sandbox));
      }
      try {
        HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
        last = answer.statusCode() + " " + answer.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    Assertions.fail(
        "the packaged service was not ready within "
            + READY_DEADLINE
            + " (last answer: "
            + last
            + "); its log ends:\n"
            + logTail(sandbox));
  }

  /** SIGTERM as a container stop sends, then SIGKILL; runuser's child too. */
  private static void stopProcessTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Readable, not writable, by the service's user: owned by root when that user is another, else
   * stripped of write permission.
   */
  private static void makeReadOnlyForTheService(Path dir) throws IOException {
    readableByAll(dir);
    if (!user.switched()) {
      setWritable(dir, false);
    }
  }

  private static void readableByAll(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
  }

  private static void setWritable(Path dir, boolean writable) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.toList()) {
        String mode = Files.isDirectory(p) ? "r-xr-xr-x" : "r--r--r--";
        Files.setPosixFilePermissions(
            p, PosixFilePermissions.fromString(writable ? "rw" + mode.substring(2) : mode));
      }
    }
  }

  /** Every file and folder under {@code dir} with its size, to compare before and after. */
  private static Map<String, Long> listing(Path dir) throws IOException {
    Map<String, Long> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.naturalOrder()).toList()) {
        if (!p.equals(dir)) {
          files.put(dir.relativize(p).toString(), Files.isDirectory(p) ? -1 : Files.size(p));
        }
      }
    }
    return files;
  }

  private static List<Integer> ownerOfStateFiles(Path state) throws IOException {
    List<Integer> owners = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(state)) {
      for (Path p : paths.filter(p -> !p.equals(state)).toList()) {
        owners.add((Integer) Files.getAttribute(p, "unix:uid"));
      }
    }
    assertThat(owners).as("files Kafka Streams wrote under " + state).isNotEmpty();
    return owners;
  }

  private static String logTail(Sandbox sandbox) {
    try {
      List<String> lines =
          new String(Files.readAllBytes(sandbox.log()), StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * The folders of one run: the package and the model, readable by everyone and writable by the
   * test only; the state directory and the temporary folder, the service user's alone; the log,
   * written by the test.
   */
  private record Sandbox(Path root) {

    static Sandbox create(Path temp, UnprivilegedUser user) throws IOException {
      // @TempDir is the test user's alone (rwx------): let the service's user through.
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
      Sandbox sandbox = new Sandbox(temp);
      for (Path own : List.of(sandbox.state(), sandbox.tmp())) {
        Files.createDirectories(own);
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
        user.own(own);
      }
      return sandbox;
    }

    Path model() {
      return root.resolve("model");
    }

    Path state() {
      return root.resolve("state");
    }

    Path tmp() {
      return root.resolve("tmp");
    }

    Path log() {
      return root.resolve("service.log");
    }
  }
}
