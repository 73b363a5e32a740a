package io.depthstream.streams.it;

import java.security.Provider;
import java.security.Security;
import org.apache.kafka.common.security.scram.internals.ScramSaslClientProvider;
import org.apache.kafka.common.security.scram.internals.ScramSaslServerProvider;

/**
 * Kafka registers its SCRAM SASL providers in the JVM-wide {@link Security} list, once, from
 * whichever class loader gets there first. In a test JVM that is often a {@code @QuarkusTest}'s
 * class loader; once that application stops, the registered provider still answers, but with
 * classes other than those of a broker started later from the plain test class path, and every
 * SCRAM login fails as "invalid credentials". Production runs one class loader and never sees this;
 * tests that start a SCRAM listener call {@link #ownedByThisClassLoader()} first.
 */
final class SaslProviders {

  private SaslProviders() {}

  /** Removes Kafka's SASL providers that another class loader registered, then registers ours. */
  static synchronized void ownedByThisClassLoader() {
    ClassLoader ours = ScramSaslServerProvider.class.getClassLoader();
    for (Provider provider : Security.getProviders()) {
      Class<?> type = provider.getClass();
      if (type.getName().startsWith("org.apache.kafka.") && type.getClassLoader() != ours) {
        Security.removeProvider(provider.getName());
      }
    }
    ScramSaslServerProvider.initialize();
    ScramSaslClientProvider.initialize();
  }
}
