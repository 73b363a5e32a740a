package io.depthstream.streams.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Walking parsed YAML (maps, lists, scalars) by key path without casts at every step. */
final class Nodes {

  private Nodes() {}

  /** The node at {@code path} below {@code node}, or null where a step is missing. */
  static Object at(Object node, String... path) {
    Object current = node;
    for (String key : path) {
      if (!(current instanceof Map<?, ?> map)) {
        return null;
      }
      current = map.get(key);
    }
    return current;
  }

  /** The scalar at {@code path} as text (numbers and booleans as YAML wrote them), or null. */
  static String text(Object node, String... path) {
    Object value = at(node, path);
    return value == null || value instanceof Map || value instanceof List
        ? null
        : Objects.toString(value);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String... path) {
    Object value = at(node, path);
    return value instanceof Map ? (Map<String, Object>) value : Map.of();
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object node, String... path) {
    Object value = at(node, path);
    return value instanceof List ? (List<Object>) value : List.of();
  }

  /** A list of maps (containers, ports, documents); other entries are skipped. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> maps(Object node, String... path) {
    return list(node, path).stream()
        .filter(Map.class::isInstance)
        .map(m -> (Map<String, Object>) m)
        .toList();
  }
}
