package io.depthstream.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed TLS material for tests of secured Kafka listeners, made afresh by the JDK's {@code
 * keytool}: a broker key pair for {@code localhost} (SAN DNS:localhost, IP:127.0.0.1, so clients
 * keep hostname verification on), a client key pair for mutual TLS, and one truststore holding both
 * certificates. All PKCS12, all with one random password, in a directory the caller owns.
 */
public final class TestCertificates {

  private final Path brokerKeystore;
  private final Path clientKeystore;
  private final Path truststore;
  private final String password;

  private TestCertificates(Path dir, String password) {
    this.brokerKeystore = dir.resolve("broker.p12");
    this.clientKeystore = dir.resolve("client.p12");
    this.truststore = dir.resolve("truststore.p12");
    this.password = password;
  }

  /** Generates the stores under {@code dir} (about two keytool runs, a second or two each). */
  public static TestCertificates generate(Path dir) {
    TestCertificates certs = new TestCertificates(dir, "pw-" + UUID.randomUUID());
    try {
      Files.createDirectories(dir);
      certs.keyPair(
          "broker", "CN=localhost", certs.brokerKeystore, "SAN=DNS:localhost,IP:127.0.0.1");
      certs.keyPair("client", "CN=depthstream-client", certs.clientKeystore, null);
      certs.writeTruststore();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write test certificates under " + dir, e);
    }
    return certs;
  }

  /** The broker's key and certificate (CN=localhost). */
  public Path brokerKeystore() {
    return brokerKeystore;
  }

  /** The client's key and certificate, for mutual TLS. */
  public Path clientKeystore() {
    return clientKeystore;
  }

  /** Trusts the broker's and the client's certificates; brokers and clients both use it. */
  public Path truststore() {
    return truststore;
  }

  /** The password of every store and key. */
  public String password() {
    return password;
  }

  private void keyPair(String alias, String dname, Path store, String extension)
      throws IOException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> command =
        new ArrayList<>(
            List.of(
                keytool.toString(),
                "-genkeypair",
                "-alias",
                alias,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                dname,
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                store.toString(),
                "-storepass",
                password,
                "-keypass",
                password));
    if (extension != null) {
      command.addAll(List.of("-ext", extension));
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    try {
      boolean done = process.waitFor(60, TimeUnit.SECONDS);
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!done || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException("keytool failed for " + alias + ": " + output.trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while keytool ran", e);
    }
  }

  private void writeTruststore() throws IOException {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      for (Path store : List.of(brokerKeystore, clientKeystore)) {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
          keys.load(in, password.toCharArray());
        }
        String alias = keys.aliases().nextElement();
        trust.setCertificateEntry(alias, keys.getCertificate(alias));
      }
      try (OutputStream out = Files.newOutputStream(truststore)) {
        trust.store(out, password.toCharArray());
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build the test truststore: " + e, e);
    }
  }
}
