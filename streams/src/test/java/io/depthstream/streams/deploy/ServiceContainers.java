package io.depthstream.streams.deploy;

import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The depth service's containers as the deployment files run them: which Dockerfile stages run the
 * service (and which with CUDA), which compose services and Kubernetes Deployments run those
 * images, and the environment each container ends up with (the image's ENV under the container's
 * own). Shared by the manifest tests, so that each checks one concern on the same reading.
 */
final class ServiceContainers {

  /** Runtime variables of the images themselves, not settings of the service. */
  static final Set<String> IMAGE_RUNTIME_VARIABLES = Set.of("JAVA_HOME", "PATH", "LANG");

  private final Dockerfile dockerfile;
  private final ComposeProject compose;
  private final KubernetesManifests k8s;
  private final ApplicationProperties properties;

  ServiceContainers(
      Dockerfile dockerfile,
      ComposeProject compose,
      KubernetesManifests k8s,
      ApplicationProperties properties) {
    this.dockerfile = dockerfile;
    this.compose = compose;
    this.k8s = k8s;
    this.properties = properties;
  }

  /** The repository's Dockerfile, docker-compose.yml, k8s/ and the service's properties. */
  static ServiceContainers load(RepositoryFiles files) {
    return new ServiceContainers(
        new Dockerfile(files.text("Dockerfile")),
        new ComposeProject(files.yaml(ComposeProject.FILE)),
        new KubernetesManifests(files),
        ApplicationProperties.load());
  }

  Dockerfile dockerfile() {
    return dockerfile;
  }

  ComposeProject compose() {
    return compose;
  }

  KubernetesManifests k8s() {
    return k8s;
  }

  /** A COPY instruction of the stage mentions {@code fragment}. */
  boolean copies(String stage, String fragment) {
    return dockerfile
        .stage(stage)
        .map(s -> s.all("COPY").stream().anyMatch(c -> c.contains(fragment)))
        .orElse(false);
  }

  /** The stage runs the Quarkus service (it copies streams/target/quarkus-app). */
  boolean runsService(String stage) {
    return stage != null && copies(stage, "streams/target/quarkus-app");
  }

  /** The stage's service is built with the gpu profile (onnxruntime_gpu). */
  boolean gpuBuild(String stage) {
    return stage != null
        && dockerfile.closure(stage).stream()
            .flatMap(s -> dockerfile.stage(s).stream())
            .flatMap(s -> s.all("RUN").stream())
            .anyMatch(r -> r.contains("-Pgpu"));
  }

  /** The Dockerfile target a compose service is built from, or null. */
  String target(Map<String, Object> service) {
    return compose.buildTarget(service).orElse(null);
  }

  /** Compose services that run the depth service, by name. */
  Map<String, Map<String, Object>> composeApps() {
    Map<String, Map<String, Object>> apps = new LinkedHashMap<>();
    compose
        .services()
        .forEach(
            (name, s) -> {
              if (runsService(target(s))) {
                apps.put(name, s);
              }
            });
    return apps;
  }

  static List<Map<String, Object>> containers(Manifest m) {
    return Nodes.maps(m.doc(), "spec", "template", "spec", "containers");
  }

  /** Deployments whose first container runs an image compose builds from a service stage. */
  List<Manifest> serviceDeployments() {
    return k8s.ofKind("Deployment").stream().filter(d -> runsService(imageTarget(d))).toList();
  }

  /** The Dockerfile target of a Deployment's image: the compose service building that image. */
  String imageTarget(Manifest deployment) {
    List<Map<String, Object>> containers = containers(deployment);
    String image = containers.isEmpty() ? "" : Objects.toString(containers.get(0).get("image"), "");
    return compose.services().values().stream()
        .filter(s -> compose.image(s).orElse("").equals(image))
        .map(this::target)
        .filter(Objects::nonNull)
        .findFirst()
        .orElse(null);
  }

  /** A container's env: its envFrom ConfigMaps, then env values (configMapKeyRef resolved). */
  Map<String, String> kubernetesEnvironment(
      Problems problems, Manifest owner, Map<String, Object> container) {
    Map<String, Map<String, Object>> configMaps = k8s.configMaps();
    Map<String, String> env = new LinkedHashMap<>();
    for (Map<String, Object> from : Nodes.maps(container, "envFrom")) {
      String name = Nodes.text(from, "configMapRef", "name");
      if (name != null) {
        Map<String, Object> data = configMaps.get(name);
        problems.check(
            data != null, owner.where(), "envFrom ConfigMap " + name + " is not defined in k8s/");
        if (data != null) {
          data.forEach((k, v) -> env.put(k, Objects.toString(v)));
        }
      }
    }
    for (Map<String, Object> var : Nodes.maps(container, "env")) {
      String value = Nodes.text(var, "value");
      String ref = Nodes.text(var, "valueFrom", "configMapKeyRef", "name");
      if (value == null && ref != null) {
        value =
            Objects.toString(
                Nodes.at(
                    configMaps.getOrDefault(ref, Map.of()),
                    Nodes.text(var, "valueFrom", "configMapKeyRef", "key")),
                null);
      }
      env.put(Nodes.text(var, "name"), Objects.toString(value, ""));
    }
    return env;
  }

  /**
   * The image's own ENV under the container's environment, which wins; only the variables the
   * service reads (as {@link ContainerSettings} takes them).
   */
  Map<String, String> withImageEnvironment(String stage, Map<String, String> container) {
    Map<String, String> env = new LinkedHashMap<>();
    if (stage != null) {
      dockerfile.stage(stage).ifPresent(s -> env.putAll(s.environment()));
    }
    env.keySet().removeAll(IMAGE_RUNTIME_VARIABLES);
    env.keySet().remove("JAVA_OPTS");
    env.putAll(container);
    env.keySet().removeIf(n -> !properties.reads(n));
    return env;
  }
}
