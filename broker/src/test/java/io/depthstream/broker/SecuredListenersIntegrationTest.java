package io.depthstream.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.depthstream.fleet.KafkaClientConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded broker's secured listeners as a client meets them: SASL_SSL lets a SCRAM-SHA-512
 * user in and refuses a wrong password; the mTLS listener lets a client certificate in and refuses
 * a client without one, worded by {@link KafkaClientConfig} as the commands and the service word
 * it. One broker for the class.
 */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecuredListenersIntegrationTest {

  private static final String PASSWORD = "scram-" + UUID.randomUUID();

  @TempDir static Path tls;

  private static TestCertificates certs;
  private static SecuredListener scram;
  private static SecuredListener mtls;
  private static EmbeddedKafkaBroker broker;

  @BeforeAll
  static void start() throws Exception {
    certs = TestCertificates.generate(tls);
    scram = SecuredListener.scram(certs.brokerKeystore(), certs.truststore(), certs.password());
    mtls = SecuredListener.mutualTls(certs.brokerKeystore(), certs.truststore(), certs.password());
    broker =
        EmbeddedKafkaBroker.start(
            BrokerSettings.ephemeral().withSecuredListener(scram).withSecuredListener(mtls));
    broker.addScramUser("svc", PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aScramUserGetsInAndAWrongPasswordIsRefused() throws Exception {
    assertThat(clusterId(scram, saslClient(PASSWORD))).isNotBlank();

    assertThatThrownBy(() -> clusterId(scram, saslClient("not-" + PASSWORD)))
        .hasCauseInstanceOf(SaslAuthenticationException.class);
  }

  @Test
  void aClientCertificateGetsInAndNoCertificateIsRefused() throws Exception {
    Map<String, Object> withCertificate = tlsClient();
    withCertificate.put("ssl.keystore.type", "PKCS12");
    withCertificate.put("ssl.keystore.location", certs.clientKeystore().toString());
    withCertificate.put("ssl.keystore.password", certs.password());
    withCertificate.put("ssl.key.password", certs.password());
    assertThat(clusterId(mtls, withCertificate)).isNotBlank();

    Throwable refused = catchThrowable(() -> clusterId(mtls, tlsClient()));
    assertThat(refused).hasCauseInstanceOf(SslAuthenticationException.class);
    assertThat(KafkaClientConfig.none().explainRefusal(broker.bootstrapServers(mtls), refused))
        .hasValueSatisfying(m -> assertThat(m).startsWith("TLS handshake with localhost:"));
  }

  @Test
  void aListenerTheSettingsDoNotNameIsAnError() {
    SecuredListener other =
        new SecuredListener(
            "OTHER",
            SecuredListener.Authentication.CLIENT_CERTIFICATE,
            certs.brokerKeystore(),
            certs.truststore(),
            certs.password());
    assertThatThrownBy(() -> broker.bootstrapServers(other))
        .hasMessageContaining("this broker has no listener OTHER");
    assertThatThrownBy(
            () -> BrokerSettings.ephemeral().withSecuredListener(scram).withSecuredListener(scram))
        .hasMessageContaining("repeat a name");
    assertThat(scram.toString()).doesNotContain(certs.password());
  }

  private static Map<String, Object> tlsClient() {
    Map<String, Object> p = new HashMap<>();
    p.put("security.protocol", "SSL");
    p.put("ssl.truststore.type", "PKCS12");
    p.put("ssl.truststore.location", certs.truststore().toString());
    p.put("ssl.truststore.password", certs.password());
    return p;
  }

  private static Map<String, Object> saslClient(String password) {
    Map<String, Object> p = tlsClient();
    p.put("security.protocol", "SASL_SSL");
    p.put("sasl.mechanism", "SCRAM-SHA-512");
    p.put(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"svc\""
            + " password=\""
            + password
            + "\";");
    return p;
  }

  private static String clusterId(SecuredListener listener, Map<String, Object> client)
      throws Exception {
    Map<String, Object> p = new HashMap<>(client);
    p.put("bootstrap.servers", broker.bootstrapServers(listener));
    p.put("default.api.timeout.ms", 15_000);
    p.put("request.timeout.ms", 15_000);
    try (Admin admin = Admin.create(p)) {
      return admin.describeCluster().clusterId().get(20, TimeUnit.SECONDS);
    }
  }
}
