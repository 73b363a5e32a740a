package io.depthstream.streams.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kafka client properties file as a deployment ships it (DEPTHSTREAM_KAFKA_CONFIG): its settings,
 * the config providers it declares and every {@code ${provider:path:key}} reference it resolves
 * through them when a client starts (Kafka's own variable syntax, KIP-297).
 */
final class KafkaClientProperties {

  /** {@code ${alias:path:key}} or {@code ${alias:key}}, as Kafka's ConfigTransformer reads it. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\{([^}]*?):(?:([^}]*?):)?([^}]*?)}");

  /** One {@code ${alias:path:key}}: a value read from outside the file. */
  record Reference(String property, String alias, String path, String key) {}

  private final Properties properties;

  private KafkaClientProperties(Properties properties) {
    this.properties = properties;
  }

  static KafkaClientProperties parse(String text) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(text));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KafkaClientProperties(properties);
  }

  Optional<String> value(String key) {
    return Optional.ofNullable(properties.getProperty(key)).map(String::strip);
  }

  /** security.protocol, PLAINTEXT when unset (Kafka's default). */
  String securityProtocol() {
    return value("security.protocol").orElse("PLAINTEXT");
  }

  /** Alias → class of each declared config provider. */
  Map<String, String> providers() {
    Map<String, String> providers = new TreeMap<>();
    for (String alias : value("config.providers").orElse("").split(",")) {
      if (!alias.isBlank()) {
        providers.put(
            alias.strip(), value("config.providers." + alias.strip() + ".class").orElse(""));
      }
    }
    return providers;
  }

  /** The {@code param.*} settings of a provider. */
  Optional<String> providerParameter(String alias, String parameter) {
    return value("config.providers." + alias + ".param." + parameter);
  }

  /** Every {@code ${alias:path:key}} in the values. */
  List<Reference> references() {
    List<Reference> references = new ArrayList<>();
    for (String key : new TreeMap<>(properties).keySet().stream().map(Object::toString).toList()) {
      Matcher m = REFERENCE.matcher(properties.getProperty(key));
      while (m.find()) {
        references.add(
            new Reference(key, m.group(1), m.group(2) == null ? "" : m.group(2), m.group(3)));
      }
    }
    return references;
  }

  /** An option of the sasl.jaas.config line: {@code name="value"}. */
  Optional<String> jaasOption(String name) {
    Matcher m =
        Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "=\"([^\"]*)\"")
            .matcher(value("sasl.jaas.config").orElse(""));
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The files the client opens itself: trust and key stores. */
  Map<String, String> storeLocations() {
    Map<String, String> stores = new TreeMap<>();
    value("ssl.truststore.location").ifPresent(v -> stores.put("ssl.truststore.location", v));
    value("ssl.keystore.location").ifPresent(v -> stores.put("ssl.keystore.location", v));
    return stores;
  }
}
