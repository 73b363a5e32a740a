package io.depthstream.streams.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docker-compose.yml read the way Compose reads it where it matters here: merge keys resolved (by
 * SnakeYAML), {@code ${VAR:-default}} interpolated with its default, {@code $$} unescaped,
 * environment given as a map or as a list of NAME=value.
 */
final class ComposeProject {

  static final String FILE = "docker-compose.yml";

  private static final Pattern INTERPOLATION =
      Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?}");

  /** Lists an override file replaces rather than extends. */
  private static final Set<String> REPLACED = Set.of("command", "entrypoint");

  private final Map<String, Object> root;

  ComposeProject(Map<String, Object> root) {
    this.root = root;
  }

  /** Service name → its definition. */
  Map<String, Map<String, Object>> services() {
    Map<String, Map<String, Object>> services = new LinkedHashMap<>();
    Map<String, Object> all = Nodes.map(root, "services");
    all.keySet().forEach(name -> services.put(name, Nodes.map(all, name)));
    return services;
  }

  Optional<String> image(Map<String, Object> service) {
    return Optional.ofNullable(Nodes.text(service, "image")).map(ComposeProject::interpolate);
  }

  /** The Dockerfile target a service is built from (context "."), if it is built here. */
  Optional<String> buildTarget(Map<String, Object> service) {
    if (Nodes.at(service, "build") == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(Nodes.text(service, "build", "target"));
  }

  /** The service's environment after interpolation. */
  Map<String, String> environment(Map<String, Object> service) {
    Map<String, String> env = new LinkedHashMap<>();
    Object raw = Nodes.at(service, "environment");
    if (raw instanceof Map<?, ?> map) {
      map.forEach((k, v) -> env.put(Objects.toString(k), interpolate(Objects.toString(v, ""))));
    } else if (raw instanceof List<?> list) {
      for (Object entry : list) {
        String s = Objects.toString(entry);
        int eq = s.indexOf('=');
        env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : interpolate(s.substring(eq + 1)));
      }
    }
    return env;
  }

  /** Container ports the service publishes ("8081:8080" publishes 8080). */
  List<Integer> containerPorts(Map<String, Object> service) {
    List<Integer> ports = new ArrayList<>();
    for (Object port : Nodes.list(service, "ports")) {
      String spec = interpolate(Objects.toString(port)).replaceAll("/(tcp|udp)$", "");
      ports.add(Integer.parseInt(spec.substring(spec.lastIndexOf(':') + 1)));
    }
    return ports;
  }

  /** The command as one interpolated string (list entries joined by spaces or newlines). */
  String command(Map<String, Object> service) {
    Object raw = Nodes.at(service, "command");
    if (raw instanceof List<?> list) {
      List<String> parts = new ArrayList<>();
      list.forEach(p -> parts.add(interpolate(Objects.toString(p))));
      return String.join(" ", parts);
    }
    return raw == null ? "" : interpolate(raw.toString());
  }

  List<String> profiles(Map<String, Object> service) {
    return Nodes.list(service, "profiles").stream().map(Objects::toString).toList();
  }

  /** One entry of a service's short-form {@code volumes}: "source:target[:ro]". */
  record Mount(String source, String target, boolean readOnly) {

    /** A named volume (declared under the top-level volumes), not a path of the host. */
    boolean named() {
      return !source.startsWith(".") && !source.startsWith("/") && !source.startsWith("~");
    }
  }

  /** Every short-form volume of the service, in order. */
  List<Mount> mounts(Map<String, Object> service) {
    List<Mount> mounts = new ArrayList<>();
    for (Object volume : Nodes.list(service, "volumes")) {
      String[] parts = interpolate(Objects.toString(volume)).split(":");
      if (parts.length >= 2) {
        mounts.add(new Mount(parts[0], parts[1], parts.length > 2 && parts[2].contains("ro")));
      }
    }
    return mounts;
  }

  /** The names under the top-level {@code volumes}. */
  List<String> namedVolumes() {
    return List.copyOf(Nodes.map(root, "volumes").keySet());
  }

  /**
   * This project with an override file applied, as {@code docker compose -f this -f override}
   * merges them: mappings merge key by key (the override's scalars win), a service's {@code
   * volumes} merge by target path, {@code command} and {@code entrypoint} are replaced, other lists
   * are appended.
   */
  ComposeProject withOverride(Map<String, Object> override) {
    return new ComposeProject(merge(root, override));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> override) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    override.forEach(
        (k, v) -> {
          Object old = merged.get(k);
          if (old instanceof Map && v instanceof Map) {
            merged.put(k, merge((Map<String, Object>) old, (Map<String, Object>) v));
          } else if (old instanceof List && v instanceof List && k.equals("volumes")) {
            merged.put(k, mergeVolumes((List<Object>) old, (List<Object>) v));
          } else if (old instanceof List && v instanceof List && !REPLACED.contains(k)) {
            List<Object> both = new ArrayList<>((List<Object>) old);
            both.addAll((List<Object>) v);
            merged.put(k, both);
          } else {
            merged.put(k, v);
          }
        });
    return merged;
  }

  private static List<Object> mergeVolumes(List<Object> base, List<Object> override) {
    Map<String, Object> byTarget = new LinkedHashMap<>();
    for (Object v : base) {
      byTarget.put(volumeTarget(v), v);
    }
    for (Object v : override) {
      byTarget.put(volumeTarget(v), v);
    }
    return new ArrayList<>(byTarget.values());
  }

  private static String volumeTarget(Object volume) {
    String[] parts = Objects.toString(volume).split(":");
    return parts.length >= 2 ? parts[1] : parts[0];
  }

  /** Bind mounts "source:target[:ro]" as source → target. */
  Map<String, String> bindMounts(Map<String, Object> service) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (Object volume : Nodes.list(service, "volumes")) {
      String[] parts = Objects.toString(volume).split(":");
      if (parts.length >= 2 && (parts[0].startsWith("./") || parts[0].startsWith("/"))) {
        mounts.put(parts[0].replaceFirst("^\\./", ""), parts[1]);
      }
    }
    return mounts;
  }

  /** Compose's interpolation: ${VAR:-default} and ${VAR-default} give the default, $$ is $. */
  static String interpolate(String value) {
    Matcher m = INTERPOLATION.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) == null ? "" : m.group(2)));
    }
    m.appendTail(out);
    return out.toString().replace("$$", "$");
  }

  /** The value of {@code --name=value} or {@code --name value} in a command line. */
  static Optional<String> option(String command, String name) {
    Matcher m =
        Pattern.compile("(?:^|\\s)" + Pattern.quote(name) + "(?:=|\\s+)(\\S+)").matcher(command);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The Kafka brokers (apache/kafka images run as brokers, not as clients) by host name. */
  Map<String, Map<String, Object>> brokers() {
    Map<String, Map<String, Object>> brokers = new LinkedHashMap<>();
    services()
        .forEach(
            (name, s) -> {
              if (image(s).orElse("").startsWith("apache/kafka:") && command(s).isEmpty()) {
                brokers.put(Optional.ofNullable(Nodes.text(s, "hostname")).orElse(name), s);
              }
            });
    return brokers;
  }

  /** The first service whose image starts with {@code prefix}, or null. */
  Map<String, Object> serviceWithImage(String prefix) {
    return services().values().stream()
        .filter(s -> image(s).orElse("").startsWith(prefix))
        .findFirst()
        .orElse(null);
  }

  /** The name under which {@code service} is defined. */
  String nameOf(Map<String, Object> service) {
    return services().entrySet().stream()
        .filter(e -> e.getValue() == service)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("?");
  }

  /** Each bootstrap address must be a listener a Kafka service of this project advertises. */
  void checkBootstrap(Problems problems, String where, String bootstrap) {
    if (bootstrap == null || bootstrap.isBlank()) {
      problems.add(where, "no Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS)");
      return;
    }
    Map<String, Map<String, Object>> brokers = brokers();
    for (String address : bootstrap.split(",")) {
      String host = address.substring(0, address.lastIndexOf(':'));
      Map<String, Object> broker = brokers.get(host);
      String advertised =
          broker == null ? "" : environment(broker).getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
      problems.check(
          broker != null && advertised.contains("//" + address),
          where,
          "bootstrap "
              + address
              + " is not an advertised listener of a Kafka service "
              + brokers.keySet()
              + " ("
              + advertised
              + ")");
    }
  }
}
