package io.depthstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.SecuredListener;
import io.depthstream.broker.TestCertificates;
import io.depthstream.cli.tail.TailCommand;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.fleet.FleetPublisher;
import io.depthstream.fleet.KafkaClientConfig;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * publish and tail against a broker secured as company clusters are: SASL_SSL with SCRAM-SHA-512
 * users and SSL with client certificates (mTLS), the client settings given by {@code
 * --command-config}. Certificates and users are made here; one broker serves the whole class.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SecuredKafkaIntegrationTest {

  private static final String USER = "fleet";
  private static final String PASSWORD = "scram-" + java.util.UUID.randomUUID();

  @TempDir static Path shared;
  @TempDir Path tmp;

  private static TestCertificates certs;
  private static EmbeddedKafkaBroker kafka;
  private static SecuredListener saslSsl;
  private static SecuredListener mtls;

  @BeforeAll
  static void startSecuredBroker() throws Exception {
    certs = TestCertificates.generate(shared.resolve("tls"));
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    saslSsl = SecuredListener.scram(certs.brokerKeystore(), certs.truststore(), certs.password());
    mtls = SecuredListener.mutualTls(certs.brokerKeystore(), certs.truststore(), certs.password());
    kafka =
        EmbeddedKafkaBroker.start(
            BrokerSettings.ephemeral().withSecuredListener(saslSsl).withSecuredListener(mtls));
    kafka.addScramUser(USER, PASSWORD);
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void publishAndTailWorkOverSaslSslWithCommandConfig() throws Exception {
    Path config = saslConfig(USER, PASSWORD);
    String bootstrap = kafka.bootstrapServers(saslSsl);

    Result publish = publish(bootstrap, "--command-config", config.toString());
    assertThat(publish.code()).as(publish.err()).isZero();
    assertThat(publish.out()).contains("published 2 frames, 2 scans, 1 calibrations");

    Result tail = tailOneDepthMap(bootstrap, config, "sasl");
    assertThat(tail.code()).as(tail.err()).isZero();
    assertThat(tail.out()).contains("sasl/cam0 #9 3x2");
    assertThat(publish.err() + publish.out() + tail.err() + tail.out()).doesNotContain(PASSWORD);
  }

  @Test
  void aWrongPasswordOrUserIsRefusedNamingTheMechanismAndTheFile() throws Exception {
    String bootstrap = kafka.bootstrapServers(saslSsl);
    for (Path config :
        List.of(saslConfig(USER, "not-" + PASSWORD), saslConfig("stranger", PASSWORD))) {
      Result publish = publish(bootstrap, "--command-config", config.toString());

      assertThat(publish.code()).isEqualTo(1);
      assertThat(publish.err())
          .contains(
              "publish: authentication failed for "
                  + bootstrap
                  + " (SASL mechanism SCRAM-SHA-512 over SASL_SSL): check the user name and"
                  + " password in sasl.jaas.config of --command-config="
                  + config)
          .doesNotContain(PASSWORD);
    }
  }

  @Test
  void aClientWithoutCredentialsIsToldWhatIsMissing() throws Exception {
    String bootstrap = kafka.bootstrapServers(saslSsl);

    // No file at all: PLAINTEXT against a TLS listener is silence, and the message says so.
    Result plaintext = publish(bootstrap, "--connect-timeout", "3");
    assertThat(plaintext.code()).isEqualTo(1);
    assertThat(plaintext.err())
        .contains("no answer from " + bootstrap + " within 3 s over PLAINTEXT")
        .contains("does that listener speak PLAINTEXT?")
        .contains("set --command-config or DEPTHSTREAM_KAFKA_CONFIG");

    // TLS right, but no JAAS line: Kafka refuses to build the client, and the cause is named.
    Path noJaas =
        write(
            "no-jaas.properties",
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n" + truststoreLines());
    Result tail = tail(bootstrap, "--command-config", noJaas.toString());
    assertThat(tail.code()).isEqualTo(1);
    assertThat(tail.err())
        .contains("tail: Kafka client error with --bootstrap-servers " + bootstrap)
        .contains("JAAS configuration")
        .contains("the settings of --command-config=" + noJaas);
  }

  @Test
  void mutualTlsWorksWithAClientCertificateAndRefusesAClientWithout() throws Exception {
    String bootstrap = kafka.bootstrapServers(mtls);
    Path withCertificate =
        write(
            "mtls.properties",
            "security.protocol=SSL\n"
                + truststoreLines()
                + "ssl.keystore.type=PKCS12\nssl.keystore.location="
                + certs.clientKeystore()
                + "\nssl.keystore.password="
                + certs.password()
                + "\nssl.key.password="
                + certs.password()
                + "\n");

    Result publish = publish(bootstrap, "--command-config", withCertificate.toString());
    assertThat(publish.code()).as(publish.err()).isZero();
    assertThat(publish.out()).contains("published 2 frames");
    Result tail = tailOneDepthMap(bootstrap, withCertificate, "mtls");
    assertThat(tail.code()).as(tail.err()).isZero();
    assertThat(tail.out()).contains("mtls/cam0 #9 3x2");

    Path withoutCertificate =
        write("tls-only.properties", "security.protocol=SSL\n" + truststoreLines());
    Result refused = publish(bootstrap, "--command-config", withoutCertificate.toString());
    assertThat(refused.code()).isEqualTo(1);
    assertThat(refused.err())
        .contains("publish: TLS handshake with " + bootstrap + " failed over SSL")
        .contains("ssl.keystore.* in --command-config=" + withoutCertificate)
        .doesNotContain(certs.password());
  }

  @Test
  void aMissingCommandConfigIsAUsageErrorNamingThePath() {
    Path missing = tmp.resolve("absent/client.properties");

    Result publish =
        publish(kafka.bootstrapServers(saslSsl), "--command-config", missing.toString());

    assertThat(publish.code()).isEqualTo(2);
    assertThat(publish.err()).contains("--command-config=" + missing + ": no such file");
  }

  private Path saslConfig(String user, String password) throws IOException {
    return write(
        user + "-" + password.hashCode() + ".properties",
        "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\""
            + user
            + "\" password=\""
            + password
            + "\";\n"
            + truststoreLines());
  }

  private static String truststoreLines() {
    return "ssl.truststore.type=PKCS12\nssl.truststore.location="
        + certs.truststore()
        + "\nssl.truststore.password="
        + certs.password()
        + "\n";
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text);
  }

  private record Result(int code, String out, String err) {}

  private static Result run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new Result(code, out.toString(), err.toString());
  }

  private static Result publish(String bootstrap, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--synthetic",
                "street",
                "--count",
                "2",
                "--size",
                "32x24",
                "--rate",
                "0",
                "--threads",
                "1",
                "--bootstrap-servers",
                bootstrap));
    args.addAll(List.of(more));
    return run(new PublishCommand(), args.toArray(String[]::new));
  }

  private static Result tail(String bootstrap, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "--from-beginning",
                "--max",
                "1",
                "--timeout",
                "20",
                "--connect-timeout",
                "5",
                "--bootstrap-servers",
                bootstrap));
    args.addAll(List.of(more));
    return run(new TailCommand(), args.toArray(String[]::new));
  }

  /** One depth map of {@code vehicle} written through {@code bootstrap}, then tail reads it. */
  private Result tailOneDepthMap(String bootstrap, Path config, String vehicle) throws Exception {
    DepthImage depth = new DepthImage(3, 2, new float[] {1, 2, 3, 4, 5, 0});
    DepthMap map =
        DepthMap.newBuilder()
            .setVehicleId(vehicle)
            .setCameraId("cam0")
            .setSequence(9)
            .setCaptureTime(Instant.now())
            .setWidth(3)
            .setHeight(2)
            .setScale(DepthPngCodec.MILLIMETRES)
            .setDepthPng(ByteBuffer.wrap(DepthPngCodec.encode(depth, DepthPngCodec.MILLIMETRES)))
            .setModelId("m")
            .setModelVersion("1")
            .setProvider("CPU")
            .setInferenceMs(3)
            .setEndToEndMs(40)
            .build();
    String topic = vehicle + ".depth";
    KafkaClientConfig client = KafkaClientConfig.load(config, KafkaClientConfig.OPTION);
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            client.applyTo(FleetPublisher.producerProperties(bootstrap, 1 << 20)))) {
      byte[] value = AvroSerdes.depthMap().serializer().serialize(topic, map);
      producer.send(new ProducerRecord<>(topic, vehicle + "/cam0", value)).get();
    }
    return tail(
        bootstrap,
        "--command-config",
        config.toString(),
        "--depth-topic",
        topic,
        "--out",
        tmp.resolve(vehicle).toString());
  }
}
