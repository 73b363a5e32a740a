package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.SecuredListener;
import io.depthstream.broker.TestCertificates;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.topics.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
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
 * map: over PLAINTEXT, and over SASL_SSL with the client.properties of k8s/30-depthstream.yaml
 * reading its secrets from files laid out as Kubernetes mounts the Secrets.
 *
 * <p>Skipped only where it runs as root with neither setpriv nor runuser (util-linux) to drop root;
 * on CI ({@code CI=true}) that fails instead.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class PackagedServiceIntegrationTest {

  private static final Duration READY_DEADLINE = Duration.ofSeconds(120);
  private static final Duration DEPTH_DEADLINE = Duration.ofSeconds(60);
  private static final int GREY = 128;

  /** Where k8s/30-depthstream.yaml mounts the client settings and the two Secrets. */
  private static final String KUBERNETES_MOUNTS = "/etc/depthstream/kafka/";

  private static UnprivilegedUser user;
  private static Path app;
  private static Map<String, Long> packaged;

  @TempDir static Path shared;

  @TempDir Path temp;

  private EmbeddedKafkaBroker broker;
  private PackagedService service;

  @BeforeAll
  static void buildThePackage() throws Exception {
    Optional<UnprivilegedUser> found = UnprivilegedUser.find();
    String missing =
        "this test runs as root and finds neither setpriv nor runuser (util-linux) to start the"
            + " service as a non-root user; install util-linux";
    if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
      Assertions.fail(missing);
    }
    Assumptions.assumeTrue(found.isPresent(), missing);
    user = found.get();
    Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxr-xr-x"));
    app = ServicePackage.build(shared.resolve("build"));
    readableByAll(app);
    if (!user.switched()) {
      // Not root: the service runs as this very user, so take the write permission away instead.
      setWritable(app, false);
    }
    packaged = listing(app);
  }

  @AfterAll
  static void letTempDirDeleteThePackage() throws IOException {
    if (app != null && user != null && !user.switched()) {
      setWritable(app, true);
    }
  }

  @AfterEach
  void stop() {
    try {
      if (service != null) {
        service.close();
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  @Test
  void runsAsANonRootUserWithOnlyStateAndTmpWritable() throws Exception {
    PackagedService.Folders folders = PackagedService.Folders.create(temp, user);
    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
    service =
        PackagedService.start(
            app, folders, user, settings(broker.bootstrapServers(), model(), Map.of()));

    service.awaitReady(READY_DEADLINE);
    DepthMap map = roundTrip("packaged-plain");

    DepthImage depth = DepthPngCodec.decode(AvroBytes.toArray(map.getDepthPng()), map.getScale());
    assertThat(depth.width()).isEqualTo(64);
    // The grey model reads level 128 as 10·128/255 = 5.0196 m.
    assertThat((double) depth.at(32, 24)).isCloseTo(5.020, offset(0.002));
    assertThat(ownersOf(folders.state()))
        .as("Kafka Streams' state, written by the service's user " + user.description())
        .containsOnly(user.uid());
    assertThat(listing(folders.tmp()))
        .as("java.io.tmpdir: ONNX Runtime's and RocksDB's native libraries")
        .isNotEmpty();
    assertThat(listing(app)).as("the package is unchanged").isEqualTo(packaged);
  }

  // Kafka Streams and the topic provisioner resolve the ${dir:...} references themselves, but the
  // admin client Quarkus makes to wait for the input topics copies only
  // AdminClientConfig.configNames() and used to get "${dir:...}" as its JAAS line; the service now
  // hands Quarkus resolved values (KafkaClientConfigSource.withProvidersResolved).
  @Test
  void signsInWithTheKubernetesClientPropertiesThroughMountedSecretFiles() throws Exception {
    PackagedService.Folders folders = PackagedService.Folders.create(temp, user);
    TestCertificates certs = TestCertificates.generate(temp.resolve("tls"));
    SecuredListener listener =
        SecuredListener.scram(certs.brokerKeystore(), certs.truststore(), certs.password());
    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral().withSecuredListener(listener));
    String password = "scram-" + UUID.randomUUID();
    SecuredKafkaResource.createScramUser(broker, "depthstream", password);

    // What the User Operator and the Cluster Operator put into the two Secrets, as kubelet lays
    // out a Secret volume, and the ConfigMap's client.properties with its mount paths moved here.
    Path mounts = temp.resolve("etc");
    writeSecretVolume(
        mounts.resolve("user"),
        Map.of(
            "password",
            utf8(password),
            "sasl.jaas.config",
            utf8(
                "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"depthstream\" password=\""
                    + password
                    + "\";")));
    writeSecretVolume(
        mounts.resolve("cluster-ca"),
        Map.of(
            "ca.p12",
            Files.readAllBytes(certs.truststore()),
            "ca.password",
            utf8(certs.password())));
    Path clientProperties = mounts.resolve("client").resolve("client.properties");
    Files.createDirectories(clientProperties.getParent());
    Files.writeString(
        clientProperties,
        KubernetesClientProperties.text().replace(KUBERNETES_MOUNTS, mounts + "/"));
    readableByAll(mounts);

    service =
        PackagedService.start(
            app,
            folders,
            user,
            settings(
                broker.bootstrapServers(listener),
                model(),
                Map.of("DEPTHSTREAM_KAFKA_CONFIG", clientProperties.toString())));
    service.awaitReady(READY_DEADLINE);
    roundTrip("packaged-secured");

    assertThat(service.log())
        .contains("SASL_SSL")
        .doesNotContain(password)
        .doesNotContain(certs.password());
  }

  /** One grey frame in over PLAINTEXT, its committed depth map out. */
  private DepthMap roundTrip(String vehicle) throws Exception {
    Topics topics = Topics.from(TestConfig.load(Map.of()).topics());
    ServiceTraffic.send(
        broker.bootstrapServers(),
        topics.frames(),
        List.of(ServiceTraffic.greyFrame(vehicle, 1, 64, 48, GREY, Instant.now())));
    List<DepthMap> maps =
        ServiceTraffic.committedDepthMaps(
            broker.bootstrapServers(),
            topics.depthMaps(),
            m -> vehicle.equals(m.getVehicleId()),
            1,
            DEPTH_DEADLINE);
    assertThat(maps)
        .as("depth maps of %s; the service's log ends:\n%s", vehicle, service.logTail())
        .hasSize(1);
    return maps.get(0);
  }

  private Path model() throws IOException {
    Path model = temp.resolve("model");
    OnnxTestModels.greyToDepthBundle(model);
    readableByAll(model);
    return model;
  }

  private static Map<String, String> settings(
      String bootstrap, Path model, Map<String, String> more) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
    settings.put("DEPTHSTREAM_MODEL", model.toString());
    settings.put("DEPTHSTREAM_MODEL_DEVICE", "CPU");
    // One partition per topic: fewer tasks and state stores to open on a small CI machine.
    settings.put("DEPTHSTREAM_TOPIC_PROVISIONING_PARTITIONS", "1");
    settings.putAll(more);
    return settings;
  }

  /**
   * A Secret volume as kubelet writes it: the files in a timestamped folder, {@code ..data}
   * pointing at it, and one link per key through {@code ..data}; owned by root, mode 0644.
   */
  private static void writeSecretVolume(Path dir, Map<String, byte[]> keys) throws IOException {
    Path data = dir.resolve("..2026_12_02_00_00_00.000000001");
    Files.createDirectories(data);
    for (Map.Entry<String, byte[]> key : keys.entrySet()) {
      Files.write(data.resolve(key.getKey()), key.getValue());
    }
    Files.createSymbolicLink(dir.resolve("..data"), data.getFileName());
    for (String key : keys.keySet()) {
      Files.createSymbolicLink(dir.resolve(key), Path.of("..data", key));
    }
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void readableByAll(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.filter(p -> !Files.isSymbolicLink(p)).toList()) {
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

  private static List<Integer> ownersOf(Path dir) throws IOException {
    List<Integer> owners = new ArrayList<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.filter(p -> !p.equals(dir)).toList()) {
        owners.add((Integer) Files.getAttribute(p, "unix:uid"));
      }
    }
    assertThat(owners).as("files written under " + dir).isNotEmpty();
    return owners;
  }
}
