package io.depthstream.streams.deploy;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The volumes a container of a pod template sees: which volume, and which file of it, a path inside
 * the container reaches through the container's volumeMounts (the deepest mount wins, subPath and
 * ConfigMap/Secret {@code items} followed).
 */
final class PodVolumes {

  /** A path inside the container as it lands in a volume. */
  record Mounted(
      String mountPath, boolean readOnly, Map<String, Object> volume, String pathInVolume) {

    /** emptyDir, configMap, secret, persistentVolumeClaim, ... */
    String kind() {
      return volume.keySet().stream().filter(k -> !k.equals("name")).findFirst().orElse("");
    }

    /** The ConfigMap or Secret behind the volume, or null. */
    String sourceName() {
      return switch (kind()) {
        case "configMap" -> Nodes.text(volume, "configMap", "name");
        case "secret" -> Nodes.text(volume, "secret", "secretName");
        case "persistentVolumeClaim" -> Nodes.text(volume, "persistentVolumeClaim", "claimName");
        default -> null;
      };
    }

    /**
     * The key of the ConfigMap or Secret whose file {@link #pathInVolume} is: the file name itself,
     * unless {@code items} map keys to other paths (then only those keys appear).
     */
    Optional<String> key() {
      List<Map<String, Object>> items = Nodes.maps(volume, kind(), "items");
      if (items.isEmpty()) {
        return pathInVolume.isEmpty() || pathInVolume.contains("/")
            ? Optional.empty()
            : Optional.of(pathInVolume);
      }
      return items.stream()
          .filter(i -> pathInVolume.equals(Nodes.text(i, "path")))
          .map(i -> Nodes.text(i, "key"))
          .findFirst();
    }
  }

  private final Map<String, Object> podSpec;
  private final Map<String, Object> container;

  PodVolumes(Map<String, Object> podSpec, Map<String, Object> container) {
    this.podSpec = podSpec;
    this.container = container;
  }

  /** The first container of a Deployment (or any object with a pod template). */
  static PodVolumes of(KubernetesManifests.Manifest owner) {
    Map<String, Object> spec = Nodes.map(owner.doc(), "spec", "template", "spec");
    return new PodVolumes(
        spec, Nodes.maps(spec, "containers").stream().findFirst().orElse(Map.of()));
  }

  /** Where {@code path} (absolute, inside the container) lands, if under any volumeMount. */
  Optional<Mounted> at(String path) {
    return Nodes.maps(container, "volumeMounts").stream()
        .filter(m -> under(path, Nodes.text(m, "mountPath")))
        .max(Comparator.comparingInt(m -> Nodes.text(m, "mountPath").length()))
        .map(
            m -> {
              String mountPath = Nodes.text(m, "mountPath");
              String rest = path.equals(mountPath) ? "" : path.substring(mountPath.length() + 1);
              String subPath = Objects.toString(Nodes.text(m, "subPath"), "");
              String inVolume =
                  subPath.isEmpty() ? rest : rest.isEmpty() ? subPath : subPath + "/" + rest;
              return new Mounted(
                  mountPath,
                  Boolean.parseBoolean(Nodes.text(m, "readOnly")),
                  volume(Nodes.text(m, "name")),
                  inVolume);
            });
  }

  /** The mount paths of the container. */
  List<String> mountPaths() {
    return Nodes.maps(container, "volumeMounts").stream()
        .map(m -> Nodes.text(m, "mountPath"))
        .toList();
  }

  private Map<String, Object> volume(String name) {
    return Nodes.maps(podSpec, "volumes").stream()
        .filter(v -> Objects.equals(name, Nodes.text(v, "name")))
        .findFirst()
        .orElse(Map.of());
  }

  static boolean under(String path, String directory) {
    return directory != null
        && (path.equals(directory)
            || path.startsWith(directory.endsWith("/") ? directory : directory + "/"));
  }
}
