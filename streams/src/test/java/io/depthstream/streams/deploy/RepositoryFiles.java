package io.depthstream.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The deployment files at the repository root (docker-compose.yml, Dockerfile, deploy/, k8s/),
 * found from the streams module's working directory and read as YAML, JSON or text, with errors
 * that name the file.
 */
final class RepositoryFiles {

  private final Path root;

  private RepositoryFiles(Path root) {
    this.root = root;
  }

  /** The repository holding the working directory: the first parent with a docker-compose.yml. */
  static RepositoryFiles locate() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("docker-compose.yml"))
          && Files.isDirectory(p.resolve("k8s"))) {
        return new RepositoryFiles(p);
      }
    }
    throw new IllegalStateException(
        "no docker-compose.yml with a k8s/ folder beside it in "
            + dir
            + " or its parents; run the test from the repository (mvn -pl streams test)");
  }

  Path root() {
    return root;
  }

  /** A path relative to the root, as messages show it. */
  String name(Path file) {
    return root.relativize(file).toString().replace('\\', '/');
  }

  Path resolve(String relative) {
    Path file = root.resolve(relative);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(relative + " is missing from " + root);
    }
    return file;
  }

  String text(String relative) {
    try {
      return Files.readString(resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative, e);
    }
  }

  /** The one YAML document in {@code relative}, as a map. */
  Map<String, Object> yaml(String relative) {
    List<Map<String, Object>> docs = yamlDocuments(relative);
    if (docs.size() != 1) {
      throw new IllegalStateException(
          relative + ": expected one YAML document, found " + docs.size());
    }
    return docs.get(0);
  }

  /** Every non-empty document of a (multi-document) YAML file, each a map. */
  @SuppressWarnings("unchecked")
  List<Map<String, Object>> yamlDocuments(String relative) {
    Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
    List<Map<String, Object>> docs = new ArrayList<>();
    try {
      for (Object doc : yaml.loadAll(text(relative))) {
        if (doc == null) {
          continue;
        }
        if (!(doc instanceof Map)) {
          throw new IllegalStateException(relative + ": a YAML document is not a mapping: " + doc);
        }
        docs.add((Map<String, Object>) doc);
      }
    } catch (RuntimeException e) {
      throw new IllegalStateException(relative + " is not valid YAML: " + e.getMessage(), e);
    }
    return docs;
  }

  JsonNode json(String relative) {
    try {
      return new ObjectMapper().readTree(text(relative));
    } catch (IOException e) {
      throw new IllegalStateException(relative + " is not valid JSON: " + e.getMessage(), e);
    }
  }

  /** Files under {@code folder} (recursively) ending in {@code suffix}, root-relative, sorted. */
  List<String> list(String folder, String suffix) {
    Path dir = root.resolve(folder);
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException(folder + "/ is missing from " + root);
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(suffix))
          .map(this::name)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
