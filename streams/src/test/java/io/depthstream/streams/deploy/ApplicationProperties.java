package io.depthstream.streams.deploy;

import io.depthstream.streams.config.DepthstreamConfig;
import io.smallrye.config.ConfigMappings;
import io.smallrye.config.ConfigMappings.ConfigClass;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which environment variables the service reads: the {@code ${NAME}} placeholders of its
 * application.properties, and every key of that file and every property of its {@link
 * DepthstreamConfig} mapping (those without a default in the file too) in MicroProfile Config's
 * environment form ({@code depthstream.topic-provisioning.partitions} is {@code
 * DEPTHSTREAM_TOPIC_PROVISIONING_PARTITIONS}).
 */
final class ApplicationProperties {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(?::[^}]*)?}");

  /** Environment name → the property it sets (placeholders map to themselves). */
  private final Map<String, String> readable = new TreeMap<>();

  private ApplicationProperties(Properties properties) {
    for (String key : properties.stringPropertyNames()) {
      String property = key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key;
      readable.putIfAbsent(environmentName(property), property);
      Matcher m = PLACEHOLDER.matcher(properties.getProperty(key));
      while (m.find()) {
        readable.put(m.group(1), m.group(1));
      }
    }
    ConfigMappings.getProperties(new ConfigClass(DepthstreamConfig.class, "depthstream"))
        .keySet()
        .stream()
        .filter(name -> !name.contains("*"))
        .forEach(name -> readable.putIfAbsent(environmentName(name), name));
  }

  static ApplicationProperties load() {
    try (InputStream in =
        ApplicationProperties.class
            .getClassLoader()
            .getResourceAsStream("application.properties")) {
      if (in == null) {
        throw new IllegalStateException("application.properties is not on the test classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      return new ApplicationProperties(properties);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** MicroProfile Config's rule: every non-alphanumeric character becomes _, then upper case. */
  static String environmentName(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  boolean reads(String variable) {
    return readable.containsKey(variable);
  }

  /** The property a variable sets, or the variable itself for a ${NAME} placeholder. */
  String property(String variable) {
    return readable.get(variable);
  }

  boolean isPlaceholder(String variable) {
    return variable.equals(readable.get(variable));
  }

  Set<String> variables() {
    return new TreeSet<>(readable.keySet());
  }
}
