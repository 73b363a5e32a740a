package io.depthstream.streams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kafka client settings k8s/30-depthstream.yaml gives the service: the {@code
 * client.properties} key of ConfigMap {@code depthstream-kafka-client}, read from the repository so
 * that a test runs the manifest's own file.
 */
final class KubernetesClientProperties {

  static final String MANIFEST = "k8s/30-depthstream.yaml";
  static final String CONFIG_MAP = "depthstream-kafka-client";
  static final String KEY = "client.properties";

  private KubernetesClientProperties() {}

  static String text() {
    Path manifest = locate();
    try {
      for (Object doc :
          new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(manifest))) {
        if (doc instanceof Map<?, ?> map
            && "ConfigMap".equals(map.get("kind"))
            && map.get("metadata") instanceof Map<?, ?> metadata
            && CONFIG_MAP.equals(metadata.get("name"))
            && map.get("data") instanceof Map<?, ?> data
            && data.get(KEY) != null) {
          return Objects.toString(data.get(KEY));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + manifest, e);
    }
    throw new IllegalStateException(
        MANIFEST + " has no ConfigMap " + CONFIG_MAP + " with a key " + KEY);
  }

  /** The manifest in the repository holding the working directory (the streams module). */
  private static Path locate() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(MANIFEST))) {
        return dir.resolve(MANIFEST);
      }
    }
    throw new IllegalStateException(
        "no " + MANIFEST + " above " + Path.of("").toAbsolutePath() + "; run from the repository");
  }
}
