package io.depthstream.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.fleet.KafkaClientConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What Kafka Streams is handed for a DEPTHSTREAM_KAFKA_CONFIG file, read back through SmallRye. */
class KafkaClientConfigSourceTest {

  @TempDir Path tmp;

  private SmallRyeConfig configWith(String fileText, Map<String, String> higher)
      throws IOException {
    Path file = Files.writeString(tmp.resolve("client.properties"), fileText);
    URL app = getClass().getClassLoader().getResource("application.properties");
    // The default interceptors expand ${...} expressions, as Quarkus does.
    return new SmallRyeConfigBuilder()
        .addDefaultInterceptors()
        .withSources(new PropertiesConfigSource(app, 250))
        .withSources(
            KafkaClientConfigSource.of(KafkaClientConfig.load(file, KafkaClientConfig.VARIABLE)))
        .withSources(new PropertiesConfigSource(higher, "environment", 300))
        .build();
  }

  @Test
  void eachKeyOfTheFileIsAKafkaStreamsKeyAndHostNamesStayChecked() throws IOException {
    SmallRyeConfig config =
        configWith(
            "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\n"
                + "sasl.jaas.config=x required username=\"u\" password=\"p\";\n",
            Map.of());

    assertThat(config.getValue("kafka-streams.security.protocol", String.class))
        .isEqualTo("SASL_SSL");
    assertThat(config.getValue("kafka-streams.sasl.jaas.config", String.class))
        .isEqualTo("x required username=\"u\" password=\"p\";");
    // Quarkus would otherwise hand Kafka Streams an empty algorithm: no host name verification.
    assertThat(config.getValue(KafkaClientConfigSource.QUARKUS_HOSTNAME_CHECK, String.class))
        .isEqualTo("https");
  }

  @Test
  void dollarSignsAndKafkaConfigProviderReferencesArriveVerbatim() throws IOException {
    SmallRyeConfig config =
        configWith(
            "config.providers=file\n"
                + "sasl.jaas.config=x required password=\"${file:/run/secrets/kafka:password}\";\n"
                + "ssl.truststore.password=pa$$w{rd}$\n",
            Map.of());

    assertThat(config.getValue("kafka-streams.sasl.jaas.config", String.class))
        .isEqualTo("x required password=\"${file:/run/secrets/kafka:password}\";");
    assertThat(config.getValue("kafka-streams.ssl.truststore.password", String.class))
        .isEqualTo("pa$$w{rd}$");
  }

  @Test
  void theFileOverridesApplicationPropertiesAndTheEnvironmentOverridesTheFile() throws IOException {
    SmallRyeConfig config =
        configWith(
            "ssl.endpoint.identification.algorithm=\nkafka.unused=1\n"
                + "consumer.session.timeout.ms=20000\nsecurity.protocol=SSL\n",
            Map.of("kafka-streams.security.protocol", "SASL_SSL"));

    assertThat(config.getValue("kafka-streams.consumer.session.timeout.ms", String.class))
        .isEqualTo("20000");
    assertThat(config.getValue("kafka-streams.security.protocol", String.class))
        .isEqualTo("SASL_SSL");
    // An explicit empty algorithm in the file is the operator's choice to skip host names.
    assertThat(
            config.getOptionalValue(KafkaClientConfigSource.QUARKUS_HOSTNAME_CHECK, String.class))
        .isEmpty();
  }

  @Test
  void configProviderReferencesReachQuarkusResolvedSoItsOwnAdminClientCanSignIn()
      throws IOException {
    Path secret =
        Files.writeString(
            tmp.resolve("user.properties"),
            "jaas=org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\\\"svc\\\" password=\\\"s3cret\\\";\n");
    SmallRyeConfig config =
        configWith(
            "security.protocol=SASL_SSL\n"
                + "config.providers=file\n"
                + "config.providers.file.class="
                + "org.apache.kafka.common.config.provider.FileConfigProvider\n"
                + "sasl.jaas.config=${file:"
                + secret
                + ":jaas}\n",
            Map.of());
    assertThat(config.getValue("kafka-streams.sasl.jaas.config", String.class))
        .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required")
        .contains("password=")
        .doesNotContain("${file:");
    assertThat(config.getValue("kafka-streams.security.protocol", String.class))
        .isEqualTo("SASL_SSL");
    assertThat(config.getOptionalValue("kafka-streams.config.providers", String.class))
        .as("already resolved: nothing left for a client to resolve")
        .isEmpty();
  }
}
