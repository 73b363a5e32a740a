package io.depthstream.streams.deploy;

import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ACL rules of a Strimzi KafkaUser ({@code spec.authorization.acls}), one {@link Rule} per
 * resource pattern, with {@code operation} and {@code operations} both read.
 */
final class KafkaUserAcls {

  /** One rule: a resource pattern and the operations allowed on it. */
  record Rule(String type, String name, String patternType, Set<String> operations) {

    boolean prefixed() {
      return "prefix".equals(patternType);
    }

    /** "topic camera.frames", "topic prefix depthstream-", "cluster", as messages name it. */
    String pattern() {
      return type + (name == null ? "" : (prefixed() ? " prefix " : " ") + name);
    }
  }

  private KafkaUserAcls() {}

  static List<Rule> of(Manifest user) {
    List<Rule> rules = new ArrayList<>();
    for (var acl : Nodes.maps(user.doc(), "spec", "authorization", "acls")) {
      Set<String> operations = new TreeSet<>();
      Nodes.list(acl, "operations").forEach(o -> operations.add(Objects.toString(o)));
      String single = Nodes.text(acl, "operation");
      if (single != null) {
        operations.add(single);
      }
      rules.add(
          new Rule(
              Nodes.text(acl, "resource", "type"),
              Nodes.text(acl, "resource", "name"),
              Objects.toString(Nodes.text(acl, "resource", "patternType"), "literal"),
              operations));
    }
    return rules;
  }
}
