package io.depthstream.streams.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The listeners of the apache/kafka brokers of a compose project, read from their environment the
 * way the image turns it into server.properties: KAFKA_ADVERTISED_LISTENERS (name://host:port),
 * KAFKA_LISTENER_SECURITY_PROTOCOL_MAP and the SASL mechanisms enabled per listener
 * (KAFKA_LISTENER_NAME_&lt;NAME&gt;_SASL_ENABLED_MECHANISMS, else KAFKA_SASL_ENABLED_MECHANISMS).
 */
final class ComposeListeners {

  /** One advertised listener. */
  record Listener(String name, String address, String protocol, Set<String> mechanisms) {}

  private final List<Listener> listeners;

  private ComposeListeners(List<Listener> listeners) {
    this.listeners = listeners;
  }

  static ComposeListeners of(ComposeProject compose) {
    List<Listener> listeners = new ArrayList<>();
    for (Map<String, Object> service : compose.services().values()) {
      if (!compose.image(service).orElse("").startsWith("apache/kafka:")
          || !compose.command(service).isEmpty()) {
        continue;
      }
      Map<String, String> env = compose.environment(service);
      Map<String, String> protocols =
          pairs(env.getOrDefault("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", ""), ":");
      for (String advertised : env.getOrDefault("KAFKA_ADVERTISED_LISTENERS", "").split(",")) {
        int scheme = advertised.indexOf("://");
        if (scheme < 0) {
          continue;
        }
        String name = advertised.substring(0, scheme).strip();
        String mechanisms =
            env.getOrDefault(
                "KAFKA_LISTENER_NAME_" + name.toUpperCase(Locale.ROOT) + "_SASL_ENABLED_MECHANISMS",
                env.getOrDefault("KAFKA_SASL_ENABLED_MECHANISMS", "GSSAPI"));
        listeners.add(
            new Listener(
                name,
                advertised.substring(scheme + 3).strip(),
                protocols.getOrDefault(name, name),
                new TreeSet<>(List.of(mechanisms.split("\\s*,\\s*")))));
      }
    }
    return new ComposeListeners(List.copyOf(listeners));
  }

  /** The listener advertised at {@code host:port}. */
  Optional<Listener> advertisedAt(String address) {
    return listeners.stream().filter(l -> l.address().equals(address)).findFirst();
  }

  @Override
  public String toString() {
    return listeners.stream().map(l -> l.name() + "=" + l.address()).toList().toString();
  }

  private static Map<String, String> pairs(String list, String separator) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String entry : list.split(",")) {
      int at = entry.indexOf(separator);
      if (at > 0) {
        pairs.put(entry.substring(0, at).strip(), entry.substring(at + 1).strip());
      }
    }
    return pairs;
  }
}
