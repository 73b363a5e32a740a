package io.depthstream.streams.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/** Every document of every k8s/**.yaml file, each with the file it came from. */
final class KubernetesManifests {

  /** One Kubernetes object and its file. */
  record Manifest(String file, Map<String, Object> doc) {

    String kind() {
      return Objects.toString(doc.get("kind"), "");
    }

    String name() {
      return Objects.toString(Nodes.text(doc, "metadata", "name"), "");
    }

    String namespace() {
      return Nodes.text(doc, "metadata", "namespace");
    }

    Map<String, Object> labels() {
      return Nodes.map(doc, "metadata", "labels");
    }

    /** "file (Kind/name)", how messages name it. */
    String where() {
      return file + " (" + kind() + "/" + name() + ")";
    }
  }

  private final List<Manifest> all = new ArrayList<>();

  KubernetesManifests(RepositoryFiles files) {
    for (String file : files.list("k8s", ".yaml")) {
      for (Map<String, Object> doc : files.yamlDocuments(file)) {
        all.add(new Manifest(file, doc));
      }
    }
  }

  List<Manifest> all() {
    return List.copyOf(all);
  }

  List<Manifest> ofKind(String kind) {
    return all.stream().filter(m -> m.kind().equals(kind)).toList();
  }

  /** ConfigMap name → its data, for envFrom. */
  Map<String, Map<String, Object>> configMaps() {
    Map<String, Map<String, Object>> maps = new LinkedHashMap<>();
    ofKind("ConfigMap").forEach(m -> maps.put(m.name(), Nodes.map(m.doc(), "data")));
    return maps;
  }

  /** True when every entry of {@code selector} is among {@code labels}. */
  static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
    return !selector.isEmpty()
        && selector.entrySet().stream()
            .allMatch(
                e ->
                    Objects.equals(
                        Objects.toString(e.getValue()), Objects.toString(labels.get(e.getKey()))));
  }

  /** The bootstrap address must be an internal listener of a Strimzi Kafka of these manifests. */
  void checkStrimziBootstrap(Problems problems, String where, String bootstrap) {
    Set<String> addresses = new TreeSet<>();
    for (Manifest kafka : ofKind("Kafka")) {
      for (Map<String, Object> listener : Nodes.maps(kafka.doc(), "spec", "kafka", "listeners")) {
        if ("internal".equals(Nodes.text(listener, "type"))) {
          addresses.add(kafka.name() + "-kafka-bootstrap:" + Nodes.text(listener, "port"));
        }
      }
    }
    String normalised =
        bootstrap == null
            ? ""
            : bootstrap.replaceAll("\\.[a-z0-9-]+\\.svc(\\.cluster\\.local)?:", ":");
    // Whether the listener's TLS and authentication match the client settings is
    // SecuredKafkaManifestsTest's part.
    problems.check(
        addresses.contains(normalised),
        where,
        "KAFKA_BOOTSTRAP_SERVERS "
            + bootstrap
            + " is not an internal bootstrap address of the Strimzi Kafka "
            + addresses);
  }
}
