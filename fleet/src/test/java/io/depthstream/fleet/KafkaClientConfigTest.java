package io.depthstream.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaClientConfigTest {

  private static final String PASSWORD = "pa55-w0rd-never-shown";

  @TempDir Path tmp;

  private Path saslFile() throws IOException {
    Path truststore = Files.writeString(tmp.resolve("ca.p12"), "not read here");
    return Files.writeString(
        tmp.resolve("client.properties"),
        String.join(
            "\n",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"svc\" password=\""
                + PASSWORD
                + "\";",
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.location=" + truststore,
            "ssl.truststore.password=" + PASSWORD,
            "ssl.key.password=" + PASSWORD,
            "bootstrap.servers=elsewhere:9093",
            "value.deserializer=org.example.Evil",
            ""));
  }

  @Test
  void everySettingButTheClientsOwnIsApplied() throws IOException {
    KafkaClientConfig config = KafkaClientConfig.load(saslFile(), KafkaClientConfig.VARIABLE);

    Map<String, Object> client = new HashMap<>();
    client.put("bootstrap.servers", "kafka:9093");
    config.applyTo(client);

    assertThat(client)
        .containsEntry("bootstrap.servers", "kafka:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .doesNotContainKey("value.deserializer");
    assertThat(config.ignoredKeys()).containsExactly("bootstrap.servers", "value.deserializer");
    assertThat(config.securityProtocol()).isEqualTo("SASL_SSL");
    assertThat(config.applyTo(new Properties())).containsEntry("ssl.truststore.type", "PKCS12");
  }

  @Test
  void describeShowsWhereAndWhatButNoSecret() throws IOException {
    Path file = saslFile();
    String shown = KafkaClientConfig.load(file, KafkaClientConfig.VARIABLE).describe();

    assertThat(shown)
        .doesNotContain(PASSWORD)
        .doesNotContain("svc")
        .contains("security.protocol=SASL_SSL")
        .contains("sasl.jaas.config=[hidden]")
        .contains("ssl.truststore.password=[hidden]")
        .contains("ssl.key.password=[hidden]")
        .contains("ssl.truststore.location=" + tmp.resolve("ca.p12"))
        .contains("DEPTHSTREAM_KAFKA_CONFIG=" + file.toAbsolutePath())
        .contains("ignored, each client sets them itself: [bootstrap.servers, value.deserializer]");
  }

  @Test
  void secretsAreJaasLinesPasswordsPrivateKeysAndSecrets() {
    assertThat(KafkaClientConfig.isSecret("sasl.jaas.config")).isTrue();
    assertThat(KafkaClientConfig.isSecret("listener.name.x.scram-sha-512.sasl.jaas.config"))
        .isTrue();
    assertThat(KafkaClientConfig.isSecret("ssl.keystore.password")).isTrue();
    assertThat(KafkaClientConfig.isSecret("ssl.keystore.key")).isTrue();
    assertThat(KafkaClientConfig.isSecret("ssl.key.password")).isTrue();
    assertThat(KafkaClientConfig.isSecret("sasl.oauthbearer.client.credentials.client.secret"))
        .isTrue();
    assertThat(KafkaClientConfig.isSecret("ssl.keystore.location")).isFalse();
    assertThat(KafkaClientConfig.isSecret("ssl.keystore.type")).isFalse();
    assertThat(KafkaClientConfig.isSecret("security.protocol")).isFalse();
    assertThat(KafkaClientConfig.isSecret("sasl.mechanism")).isFalse();
  }

  @Test
  void everySettingKafkaItselfHidesIsASecretHereToo() {
    // Kafka prints PASSWORD-typed values as [hidden] in its own config dumps; describe() must
    // hide at least those, under their own names and with a listener's or client's prefix.
    for (ConfigDef def :
        List.of(
            ConsumerConfig.configDef(),
            ProducerConfig.configDef(),
            AdminClientConfig.configDef())) {
      def.configKeys().values().stream()
          .filter(key -> key.type == ConfigDef.Type.PASSWORD)
          .forEach(
              key -> {
                assertThat(KafkaClientConfig.isSecret(key.name)).as(key.name).isTrue();
                assertThat(KafkaClientConfig.isSecret("consumer." + key.name)).isTrue();
              });
    }
  }

  @Test
  void theOptionWinsOverTheVariable() throws IOException {
    Path option = Files.writeString(tmp.resolve("option.properties"), "security.protocol=SSL\n");
    Path variable =
        Files.writeString(tmp.resolve("env.properties"), "security.protocol=SASL_SSL\n");

    KafkaClientConfig chosen = KafkaClientConfig.resolve(option.toString(), variable.toString());

    assertThat(chosen.securityProtocol()).isEqualTo("SSL");
    assertThat(chosen.origin()).isEqualTo("--command-config=" + option.toAbsolutePath());
    assertThat(KafkaClientConfig.resolve(null, variable.toString()).origin())
        .startsWith("DEPTHSTREAM_KAFKA_CONFIG=");
    assertThat(KafkaClientConfig.resolve(" ", null).isPresent()).isFalse();
  }

  @Test
  void aMissingFileIsNamedWithItsSourceAndTheFix() {
    Path missing = tmp.resolve("nope/client.properties");

    assertThatThrownBy(() -> KafkaClientConfig.resolve(missing.toString(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--command-config=" + missing + ": no such file")
        .hasMessageContaining("or unset it for a PLAINTEXT cluster");
    assertThatThrownBy(() -> KafkaClientConfig.load(tmp, KafkaClientConfig.VARIABLE))
        .hasMessage(
            "DEPTHSTREAM_KAFKA_CONFIG="
                + tmp
                + " is a directory; point DEPTHSTREAM_KAFKA_CONFIG at a Kafka client properties"
                + " file");
  }

  @Test
  void aStoreTheFileNamesMustBeReadable() throws IOException {
    Path file =
        Files.writeString(
            tmp.resolve("mtls.properties"),
            "security.protocol=SSL\nssl.keystore.location=/no/such/client.p12\n"
                + "ssl.keystore.password="
                + PASSWORD
                + "\n");

    assertThatThrownBy(() -> KafkaClientConfig.load(file, KafkaClientConfig.OPTION))
        .hasMessage(
            "ssl.keystore.location=/no/such/client.p12 in --command-config="
                + file
                + ": no such file, or not readable by this user")
        .hasMessageNotContaining(PASSWORD);
  }

  @Test
  void refusedCredentialsAndFailedHandshakesNameTheCauseAndTheFile() throws IOException {
    KafkaClientConfig config = KafkaClientConfig.load(saslFile(), KafkaClientConfig.VARIABLE);
    Exception sasl =
        new KafkaException(
            "wrapped",
            new SaslAuthenticationException(
                "Authentication failed during authentication due to invalid credentials with SASL"
                    + " mechanism SCRAM-SHA-512"));
    Exception tls =
        new SslAuthenticationException(
            "SSL handshake failed", new javax.net.ssl.SSLHandshakeException("PKIX path building"));

    assertThat(config.explainRefusal("kafka:9093", sasl))
        .hasValue(
            "authentication failed for kafka:9093 (SASL mechanism SCRAM-SHA-512 over SASL_SSL):"
                + " check the user name and password in sasl.jaas.config of "
                + config.origin());
    assertThat(config.explainRefusal("kafka:9093", tls).orElseThrow())
        .startsWith("TLS handshake with kafka:9093 failed over SASL_SSL (PKIX path building)")
        .contains("ssl.truststore.*");
    assertThat(config.explainRefusal("kafka:9093", new TimeoutException("slow"))).isEmpty();
  }

  @Test
  void kafkaMessagesThatQuoteASecretAreScrubbed() throws IOException {
    KafkaClientConfig config = KafkaClientConfig.load(saslFile(), KafkaClientConfig.VARIABLE);
    Exception failure =
        new KafkaException(
            "Failed to create new KafkaAdminClient",
            new IllegalArgumentException("Unexpected token near password=\"" + PASSWORD + "\""));

    assertThat(config.failureMessage(failure))
        .isEqualTo(
            "Failed to create new KafkaAdminClient (Unexpected token near"
                + " password=\"[hidden]\")");
    assertThat(config.scrub("svc is no secret; " + PASSWORD + " is"))
        .isEqualTo("svc is no secret; [hidden] is");
  }

  @Test
  void silenceNamesTheProtocolAndWithoutAFileTheVariable() {
    assertThat(KafkaClientConfig.none().noAnswer("kafka:9093", Duration.ofSeconds(30)))
        .isEqualTo(
            "no answer from kafka:9093 within 30 s over PLAINTEXT (no DEPTHSTREAM_KAFKA_CONFIG): is"
                + " Kafka up there, and does that listener speak PLAINTEXT? A cluster that needs"
                + " TLS or SASL needs a client properties file: set DEPTHSTREAM_KAFKA_CONFIG");
    // A command offers its option first.
    assertThat(KafkaClientConfig.resolve(null, null).noAnswer("kafka:9093", Duration.ofSeconds(3)))
        .contains("(no --command-config or DEPTHSTREAM_KAFKA_CONFIG)")
        .endsWith("set --command-config or DEPTHSTREAM_KAFKA_CONFIG");
  }
}
