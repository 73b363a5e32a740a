package io.depthstream.fleet;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Kafka client settings of a cluster that needs TLS or SASL: a standard Kafka client properties
 * file ({@code security.protocol}, {@code ssl.*}, {@code sasl.*}, ...) named by {@code
 * DEPTHSTREAM_KAFKA_CONFIG} or a command's {@code --command-config}, applied on top of each
 * client's own settings. It also words the two failures such a file causes: refused credentials and
 * a listener that speaks another protocol.
 *
 * <p>It lives in core because both the cli commands and the service read it and neither may depend
 * on the other; it imports nothing from Kafka (only {@code java.*}), so core gains no Kafka
 * coupling from it. Values are never put into messages: {@link #describe()} hides every secret.
 */
public final class KafkaClientConfig {

  /** The environment variable every depthstream process reads. */
  public static final String VARIABLE = "DEPTHSTREAM_KAFKA_CONFIG";

  /** The cli option, as Kafka's own command-line tools name it. */
  public static final String OPTION = "--command-config";

  /** Settings each client sets itself: an address or a serializer in the file does not apply. */
  private static final Set<String> CLIENT_OWNED =
      Set.of(
          "bootstrap.servers",
          "key.serializer",
          "value.serializer",
          "key.deserializer",
          "value.deserializer");

  private static final String HIDDEN = "[hidden]";
  private static final List<String> SECRET_WORDS =
      List.of(
          "jaas.config",
          "password",
          "passphrase",
          "secret",
          "credential",
          "private.key",
          "ssl.key",
          "certificate");
  private static final Pattern QUOTED_SECRET =
      Pattern.compile(
          "\\w*(?:password|secret|token|key)\\w*\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);
  private static final int MIN_SCRUBBED = 3;

  private final Optional<Path> file;
  private final String source;
  private final Map<String, String> settings;
  private final List<String> ignored;

  private KafkaClientConfig(
      Optional<Path> file, String source, Map<String, String> settings, List<String> ignored) {
    this.file = file;
    this.source = source;
    this.settings = Collections.unmodifiableMap(settings);
    this.ignored = List.copyOf(ignored);
  }

  /**
   * No file, as the service sees it: clients connect over PLAINTEXT with their own settings only,
   * and messages name {@code DEPTHSTREAM_KAFKA_CONFIG} as the way to give one.
   */
  public static KafkaClientConfig none() {
    return none(VARIABLE);
  }

  private static KafkaClientConfig none(String howToGiveOne) {
    return new KafkaClientConfig(Optional.empty(), howToGiveOne, new TreeMap<>(), List.of());
  }

  /**
   * What a command uses: the file of its {@code --command-config} option, else the one {@code
   * DEPTHSTREAM_KAFKA_CONFIG} names, else none.
   *
   * @param option the option's value, null when not given
   * @param variable the variable's value, null when not set
   * @throws IllegalArgumentException naming the file, where it came from and the fix
   */
  public static KafkaClientConfig resolve(String option, String variable) {
    if (option != null && !option.isBlank()) {
      return load(Path.of(option.trim()), OPTION);
    }
    if (variable != null && !variable.isBlank()) {
      return load(Path.of(variable.trim()), VARIABLE);
    }
    return none(OPTION + " or " + VARIABLE);
  }

  /**
   * Reads {@code file}; {@code source} ({@code DEPTHSTREAM_KAFKA_CONFIG} or {@code
   * --command-config}) is named in every message about it.
   *
   * @throws IllegalArgumentException when the file or a key or trust store it names cannot be read
   */
  public static KafkaClientConfig load(Path file, String source) {
    Path path = file.toAbsolutePath().normalize();
    String where = source + "=" + path;
    if (Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          where + " is a directory; point " + source + " at a Kafka client properties file");
    }
    Properties read = new Properties();
    try (Reader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      read.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          where
              + ": no such file. Point "
              + source
              + " at a Kafka client properties file (security.protocol, sasl.*, ssl.*), or unset"
              + " it for a PLAINTEXT cluster",
          e);
    } catch (IOException | IllegalArgumentException e) {
      // Properties.load's own message may quote the file's text; give only the failure's kind.
      throw new IllegalArgumentException(
          where
              + ": cannot read it ("
              + e.getClass().getSimpleName()
              + "); check that it exists, is readable by this user and is a properties file");
    }
    Map<String, String> settings = new TreeMap<>();
    List<String> ignored = new ArrayList<>();
    for (String key : new TreeSet<>(read.stringPropertyNames())) {
      String name = key.trim();
      if (CLIENT_OWNED.contains(name)) {
        ignored.add(name);
      } else {
        settings.put(name, read.getProperty(key));
      }
    }
    requireStoresReadable(settings, where);
    return new KafkaClientConfig(Optional.of(path), source, settings, ignored);
  }

  // A key or trust store Kafka cannot open fails at the first connection, far from the file.
  private static void requireStoresReadable(Map<String, String> settings, String where) {
    settings.forEach(
        (key, value) -> {
          // A ${provider:...} reference is resolved by Kafka when the client starts.
          if (key.startsWith("ssl.")
              && key.endsWith(".location")
              && !value.isBlank()
              && !value.contains("${")) {
            Path store = Path.of(value.trim());
            if (!Files.isReadable(store)) {
              throw new IllegalArgumentException(
                  key
                      + "="
                      + value.trim()
                      + " in "
                      + where
                      + ": no such file, or not readable by this user");
            }
          }
        });
  }

  /** Whether a file was given. */
  public boolean isPresent() {
    return file.isPresent();
  }

  /** The file, when one was given. */
  public Optional<Path> file() {
    return file;
  }

  /** The settings the file gives every client, by key, secrets included: never log this map. */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * Keys of the file that each client sets itself ({@code bootstrap.servers}, serializers) and so
   * are not applied.
   */
  public List<String> ignoredKeys() {
    return ignored;
  }

  /** Puts every setting of the file into {@code clientProperties} and returns it. */
  public Properties applyTo(Properties clientProperties) {
    clientProperties.putAll(settings);
    return clientProperties;
  }

  /** Puts every setting of the file into {@code clientProperties} and returns it. */
  public Map<String, Object> applyTo(Map<String, Object> clientProperties) {
    clientProperties.putAll(settings);
    return clientProperties;
  }

  /** The security protocol clients will use, PLAINTEXT when the file does not say. */
  public String securityProtocol() {
    return settings.getOrDefault("security.protocol", "PLAINTEXT").trim().toUpperCase(Locale.ROOT);
  }

  /** Where the settings come from, for messages: {@code DEPTHSTREAM_KAFKA_CONFIG=/path}. */
  public String origin() {
    return file.map(p -> source + "=" + p).orElse("no " + source);
  }

  /**
   * The settings for a log line, each secret as {@code [hidden]}: {@code
   * security.protocol=SASL_SSL, sasl.jaas.config=[hidden] (from
   * DEPTHSTREAM_KAFKA_CONFIG=/etc/depthstream/client.properties)}.
   */
  public String describe() {
    if (file.isEmpty()) {
      return "security.protocol=PLAINTEXT (" + origin() + ")";
    }
    List<String> shown = new ArrayList<>();
    settings.forEach((k, v) -> shown.add(k + "=" + (isSecret(k) ? HIDDEN : v)));
    String ignoredNote =
        ignored.isEmpty() ? "" : "; ignored, each client sets them itself: " + ignored;
    return (shown.isEmpty() ? "no settings" : String.join(", ", shown))
        + " (from "
        + origin()
        + ignoredNote
        + ")";
  }

  /**
   * Whether the value of {@code key} must never be shown: JAAS lines (they hold passwords and
   * secrets), passwords and passphrases, private keys and PEM material, and anything named a secret
   * or a credential; at least every setting Kafka itself types as a password, with or without a
   * client prefix. Store locations, store types and algorithms are shown: they say which files are
   * used and hold no secret.
   */
  public static boolean isSecret(String key) {
    String k = key.toLowerCase(Locale.ROOT);
    if (k.endsWith(".location") || k.endsWith(".type") || k.endsWith(".algorithm")) {
      return false;
    }
    return SECRET_WORDS.stream().anyMatch(k::contains);
  }

  /**
   * A message for a client that {@code bootstrap} refused, when {@code failure} (or one of its
   * causes) is Kafka's authentication error; empty for any other failure. SASL and TLS failures
   * each name the settings to check; the file's values are never included.
   */
  public Optional<String> explainRefusal(String bootstrap, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (isA(t, "org.apache.kafka.common.errors.SslAuthenticationException")) {
        return Optional.of(
            "TLS handshake with "
                + bootstrap
                + " failed over "
                + securityProtocol()
                + " ("
                + scrub(rootMessage(t))
                + "): check ssl.truststore.* (the broker's CA) and, where the broker requires"
                + " client certificates, ssl.keystore.* in "
                + origin());
      }
      if (isA(t, "org.apache.kafka.common.errors.AuthenticationException")) {
        return Optional.of(
            "authentication failed for "
                + bootstrap
                + " (SASL mechanism "
                + saslMechanism()
                + " over "
                + securityProtocol()
                + "): check "
                + (isPresent()
                    ? "the user name and password in sasl.jaas.config of " + origin()
                    : source + ": the cluster wants credentials"));
      }
    }
    return Optional.empty();
  }

  /**
   * A message for a cluster that did not answer within {@code timeout}: besides a stopped broker, a
   * listener that speaks another protocol than the client looks exactly like this.
   */
  public String noAnswer(String bootstrap, Duration timeout) {
    String protocol = securityProtocol();
    return "no answer from "
        + bootstrap
        + " within "
        + timeout.toSeconds()
        + " s over "
        + protocol
        + " ("
        + origin()
        + "): is Kafka up there, and does that listener speak "
        + protocol
        + "?"
        + (isPresent()
            ? ""
            : " A cluster that needs TLS or SASL needs a client properties file: set " + source);
  }

  /**
   * {@code message} with every secret of the file (a password, a JAAS line or a quoted value in it)
   * replaced by {@code [hidden]}: for a Kafka error message that is about to be shown, since some
   * quote the setting they could not parse.
   */
  public String scrub(String message) {
    if (message == null) {
      return null;
    }
    String scrubbed = message;
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      if (!isSecret(setting.getKey())) {
        continue;
      }
      for (String secret : secretParts(setting.getValue())) {
        scrubbed = scrubbed.replace(secret, HIDDEN);
      }
    }
    return scrubbed;
  }

  /**
   * What went wrong, for a message: {@code failure}'s own message and its root cause's, each
   * {@linkplain #scrub scrubbed}. "Failed to create new KafkaAdminClient" alone says nothing; its
   * root cause names the setting.
   */
  public String failureMessage(Throwable failure) {
    String own =
        failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
    String root = rootMessage(failure);
    return scrub(root.equals(own) ? own : own + " (" + root + ")");
  }

  // The whole value, and each secret option of a JAAS line (password="...", clientSecret="...").
  private static List<String> secretParts(String value) {
    List<String> parts = new ArrayList<>();
    Matcher quoted = QUOTED_SECRET.matcher(value);
    while (quoted.find()) {
      parts.add(quoted.group(1));
    }
    parts.add(value.trim());
    // Short fragments would blank out ordinary words of the message.
    return parts.stream().filter(p -> p.length() >= MIN_SCRUBBED).toList();
  }

  private String saslMechanism() {
    return settings.getOrDefault("sasl.mechanism", "GSSAPI").trim();
  }

  // By name, so core needs no Kafka import: these are Kafka's public error types.
  private static boolean isA(Throwable t, String className) {
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().equals(className)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
