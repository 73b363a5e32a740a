package io.depthstream.streams.deploy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Checks of one container of the service, in compose or Kubernetes alike: its image is pinned, its
 * environment names only what the service or its image's entry point reads, each variable really
 * sets what it names, and its probes ask the service's health paths.
 */
final class ContainerChecks {

  private final Dockerfile dockerfile;
  private final ApplicationProperties properties;

  ContainerChecks(Dockerfile dockerfile, ApplicationProperties properties) {
    this.dockerfile = dockerfile;
    this.properties = properties;
  }

  static void checkPinned(Problems problems, String where, String image) {
    String lastPart = image.substring(image.lastIndexOf('/') + 1);
    boolean digest = image.contains("@sha256:");
    boolean tagged = lastPart.contains(":") && !lastPart.endsWith(":");
    problems.check(
        digest || (tagged && !lastPart.endsWith(":latest")),
        where,
        "image " + image + " is not pinned; give it a version tag (never :latest) or a digest");
  }

  /** Every variable must be one the service, or its image's entry point, actually reads. */
  void checkEnvironmentNames(Problems problems, String where, String stage, Set<String> names) {
    Set<String> entrypoint =
        stage == null
            ? Set.of()
            : dockerfile.stage(stage).map(dockerfile::entrypointVariables).orElse(Set.of());
    for (String name : names) {
      problems.check(
          properties.reads(name)
              || entrypoint.contains(name)
              || ServiceContainers.IMAGE_RUNTIME_VARIABLES.contains(name),
          where,
          "environment variable "
              + name
              + " is read neither by the service (application.properties keys and ${...}"
              + " placeholders) nor by the image's entry point "
              + entrypoint);
    }
  }

  /** Each variable must really set what it names: no profile value or typo shadowing it. */
  void checkEffectiveSettings(
      Problems problems, String where, Map<String, String> env, ContainerSettings settings) {
    env.forEach(
        (name, value) -> {
          if (properties.reads(name) && !properties.isPlaceholder(name)) {
            String property = properties.property(name);
            String effective = settings.value(property).orElse(null);
            problems.check(
                value.equalsIgnoreCase(Objects.toString(effective)),
                where,
                name + "=" + value + " but the service resolves " + property + "=" + effective);
          }
        });
    Map<String, String> placeholders = new LinkedHashMap<>();
    placeholders.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
    placeholders.put("DEPTHSTREAM_MODEL", settings.service().model().bundle().toString());
    placeholders.put(
        "DEPTHSTREAM_PROCESSING_GUARANTEE",
        settings.value("kafka-streams.processing.guarantee").orElse(""));
    placeholders.forEach(
        (name, effective) ->
            problems.check(
                env.containsKey(name) && env.get(name).equals(effective),
                where,
                name
                    + " is "
                    + env.get(name)
                    + " but the service resolves "
                    + effective
                    + " (set it explicitly for a container)"));
    problems.check(
        "false".equals(settings.value("depthstream.embedded-kafka.enabled").orElse("")),
        where,
        "the in-process broker would start in the container (depthstream.embedded-kafka.enabled); set"
            + " DEPTHSTREAM_EMBEDDED_KAFKA_ENABLED=false");
  }

  static void checkProbe(
      Problems problems,
      String where,
      Map<String, Object> container,
      String probe,
      String path,
      String portName,
      int port) {
    String actual = Nodes.text(container, probe, "httpGet", "path");
    problems.check(
        path.equals(actual), where, probe + " path " + actual + ", the service answers on " + path);
    String probePort = Nodes.text(container, probe, "httpGet", "port");
    problems.check(
        Objects.equals(probePort, portName) || Objects.equals(probePort, Integer.toString(port)),
        where,
        probe + " port " + probePort + " is not the HTTP port " + port + " (" + portName + ")");
  }
}
