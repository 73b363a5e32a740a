package io.depthstream.streams.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.Config;

/**
 * Refuses to start while a setting is given under a name it had before every setting moved under
 * {@code depthstream.*} (issue 15). Nothing maps the old names any more, so without this check they
 * would be silently ignored: a deployment still setting {@code EMBEDDED_KAFKA_ENABLED=false} would
 * start the in-process broker inside its container.
 */
@ApplicationScoped
public class RenamedSettings {

  /** Old prefix → new prefix: each group of the service's surroundings once stood alone. */
  static final Map<String, String> MOVED =
      ServiceSettings.SURROUNDINGS.stream()
          .collect(Collectors.toMap(group -> group, group -> "depthstream." + group));

  /**
   * The keys that existed under the old prefixes. Environment variables are matched against these
   * exactly rather than by prefix, so an unrelated {@code DEMO_...} variable is left alone; the
   * list is history and never grows.
   */
  static final Map<String, List<String>> OLD_KEYS =
      Map.of(
          "embedded-kafka",
          List.of("enabled", "port", "data-dir", "max-message-bytes"),
          "topic-provisioning",
          List.of("enabled", "partitions", "max-message-bytes", "timeout"),
          "live-view",
          List.of("enabled", "frames-per-camera", "history-points", "max-cameras"),
          "demo",
          List.of(
              "enabled",
              "vehicles",
              "fps",
              "size",
              "duration",
              "seed",
              "console",
              "console-interval"));

  private final Config config;

  @Inject
  public RenamedSettings(Config config) {
    this.config = config;
  }

  // Before every other startup observer, the in-process broker's among them.
  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE - 1) StartupEvent event) {
    List<String> stale = stale(config.getPropertyNames());
    if (!stale.isEmpty()) {
      throw new IllegalStateException(
          "settings under an old name, which nothing reads any more: " + String.join("; ", stale));
    }
  }

  /**
   * One line per property name (a key, possibly with a {@code %profile.} prefix, or an environment
   * variable) that uses an old name, saying what it is called now; empty when there is none.
   */
  static List<String> stale(Iterable<String> names) {
    TreeSet<String> found = new TreeSet<>();
    for (String name : names) {
      String key = name.replaceFirst("^%[^.]*\\.", "");
      String profile = name.substring(0, name.length() - key.length());
      for (Map.Entry<String, String> moved : MOVED.entrySet()) {
        String old = moved.getKey();
        if (key.startsWith(old + ".")) {
          found.add(name + " is now " + profile + moved.getValue() + key.substring(old.length()));
        }
        for (String suffix : OLD_KEYS.get(old)) {
          if (name.equals(environmentForm(old + "." + suffix))) {
            found.add(name + " is now " + environmentForm(moved.getValue() + "." + suffix));
          }
        }
      }
    }
    return new ArrayList<>(found);
  }

  /** MicroProfile Config's environment form of a key: upper case, every other character '_'. */
  static String environmentForm(String key) {
    return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }
}
