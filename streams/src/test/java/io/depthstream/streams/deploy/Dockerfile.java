package io.depthstream.streams.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The repository's Dockerfile read as its build stages: each stage's base, the stages and images it
 * copies from, and its instructions (line continuations joined, comments dropped).
 */
final class Dockerfile {

  /** One {@code FROM ... AS name} stage. */
  record Stage(String name, String base, List<String> instructions) {

    /** Arguments of every instruction with this keyword, e.g. all RUN commands. */
    List<String> all(String keyword) {
      String prefix = keyword.toUpperCase(Locale.ROOT) + " ";
      return instructions.stream()
          .filter(i -> i.toUpperCase(Locale.ROOT).startsWith(prefix))
          .map(i -> i.substring(prefix.length()).trim())
          .toList();
    }

    /** The {@code --from=} sources of COPY instructions: stage names or images. */
    Set<String> copiesFrom() {
      Set<String> from = new TreeSet<>();
      Matcher m = COPY_FROM.matcher(String.join("\n", all("COPY")));
      while (m.find()) {
        from.add(m.group(1));
      }
      return from;
    }

    /** ENV names set in this stage (ENV NAME=value form). */
    Map<String, String> environment() {
      Map<String, String> env = new LinkedHashMap<>();
      for (String e : all("ENV")) {
        int eq = e.indexOf('=');
        if (eq > 0) {
          env.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim().replaceAll("^\"|\"$", ""));
        }
      }
      return env;
    }
  }

  private static final Pattern FROM =
      Pattern.compile("(?i)FROM\\s+(?:--platform=\\S+\\s+)?(\\S+)(?:\\s+AS\\s+(\\S+))?");
  private static final Pattern COPY_FROM = Pattern.compile("--from=(\\S+)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Z_][A-Z0-9_]*)}?");

  private final Map<String, Stage> stages = new LinkedHashMap<>();

  Dockerfile(String text) {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      if (current.length() > 0) {
        instructions.add(current.toString().trim());
      }
      current.setLength(0);
    }
    String name = null;
    String base = null;
    List<String> body = null;
    int index = 0;
    for (String instruction : instructions) {
      Matcher from = FROM.matcher(instruction);
      if (from.matches()) {
        if (body != null) {
          stages.put(name, new Stage(name, base, List.copyOf(body)));
        }
        base = from.group(1);
        name = from.group(2) != null ? from.group(2) : Integer.toString(index);
        body = new ArrayList<>();
        index++;
      } else if (body != null) {
        body.add(instruction);
      }
    }
    if (body != null) {
      stages.put(name, new Stage(name, base, List.copyOf(body)));
    }
  }

  List<Stage> stages() {
    return List.copyOf(stages.values());
  }

  Optional<Stage> stage(String name) {
    return Optional.ofNullable(stages.get(name));
  }

  /** The stage {@code docker build} builds without --target: the last one. */
  Stage defaultStage() {
    List<Stage> all = stages();
    return all.get(all.size() - 1);
  }

  boolean isStage(String reference) {
    return stages.containsKey(reference);
  }

  /** The stage and every stage it derives from or copies from, transitively. */
  Set<String> closure(String stageName) {
    Set<String> seen = new TreeSet<>();
    List<String> todo = new ArrayList<>(List.of(stageName));
    while (!todo.isEmpty()) {
      String next = todo.remove(todo.size() - 1);
      Stage stage = stages.get(next);
      if (stage == null || !seen.add(next)) {
        continue;
      }
      todo.add(stage.base());
      todo.addAll(stage.copiesFrom());
    }
    return seen;
  }

  /** Images pulled from a registry (FROM or COPY --from= that is not a stage of this file). */
  Set<String> externalImages() {
    Set<String> images = new TreeSet<>();
    for (Stage stage : stages.values()) {
      if (!isStage(stage.base())) {
        images.add(stage.base());
      }
      stage.copiesFrom().stream().filter(f -> !isStage(f)).forEach(images::add);
    }
    return images;
  }

  /** Environment variables a stage's ENTRYPOINT or CMD expands at run time ($JAVA_OPTS). */
  Set<String> entrypointVariables(Stage stage) {
    Set<String> names = new TreeSet<>();
    List<String> run = new ArrayList<>(stage.all("ENTRYPOINT"));
    run.addAll(stage.all("CMD"));
    Matcher m = VARIABLE.matcher(String.join("\n", run));
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }
}
