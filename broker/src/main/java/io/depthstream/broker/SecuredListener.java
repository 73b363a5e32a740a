package io.depthstream.broker;

import java.nio.file.Path;

/**
 * A TLS client listener an {@link EmbeddedKafkaBroker} opens beside its PLAINTEXT one, so that
 * clients configured for a secured company cluster can be run against it: SASL_SSL with
 * SCRAM-SHA-512 users, or SSL that requires a client certificate (mutual TLS). The PLAINTEXT
 * listener stays the inter-broker one, and the one SCRAM users are created through.
 *
 * @param name the listener's name, which is also its key in {@link
 *     EmbeddedKafkaBroker#bootstrapServers(SecuredListener)}
 * @param authentication how a client proves who it is
 * @param keystore the broker's key and certificate (PKCS12); its name must match {@code localhost}
 *     for clients that verify host names, as Kafka's clients do by default
 * @param truststore the certificates the broker trusts (PKCS12): for mutual TLS, the clients'
 * @param password the password of both stores and of the key
 */
public record SecuredListener(
    String name, Authentication authentication, Path keystore, Path truststore, String password) {

  /** How clients of a secured listener authenticate. */
  public enum Authentication {
    /** SASL_SSL: TLS, then a SCRAM-SHA-512 user name and password. */
    SCRAM_SHA_512("SASL_SSL"),
    /** SSL with {@code ssl.client.auth=required}: the client's certificate is its identity. */
    CLIENT_CERTIFICATE("SSL");

    private final String securityProtocol;

    Authentication(String securityProtocol) {
      this.securityProtocol = securityProtocol;
    }

    /** Kafka's {@code security.protocol} of such a listener. */
    public String securityProtocol() {
      return securityProtocol;
    }
  }

  public SecuredListener {
    if (name == null || !name.matches("[A-Z][A-Z0-9_]*")) {
      throw new IllegalArgumentException(
          "listener name '" + name + "' must be upper case letters, digits and '_'");
    }
    if (name.equals(KraftServerProperties.CLIENT_LISTENER)
        || name.equals(KraftServerProperties.CONTROLLER_LISTENER)) {
      throw new IllegalArgumentException(
          "listener name " + name + " is the broker's own; choose another");
    }
    if (authentication == null || keystore == null || truststore == null || password == null) {
      throw new IllegalArgumentException(
          "secured listener "
              + name
              + " needs an authentication, a keystore, a truststore and"
              + " their password");
    }
  }

  /** A SASL_SSL listener named {@code SASL_SSL} that accepts SCRAM-SHA-512 users. */
  public static SecuredListener scram(Path keystore, Path truststore, String password) {
    return new SecuredListener(
        "SASL_SSL", Authentication.SCRAM_SHA_512, keystore, truststore, password);
  }

  /** An SSL listener named {@code MTLS} that requires a certificate {@code truststore} trusts. */
  public static SecuredListener mutualTls(Path keystore, Path truststore, String password) {
    return new SecuredListener(
        "MTLS", Authentication.CLIENT_CERTIFICATE, keystore, truststore, password);
  }

  /** The record without its password, so that it can be logged. */
  @Override
  public String toString() {
    return name + " (" + authentication.securityProtocol() + ", " + authentication + ")";
  }
}
