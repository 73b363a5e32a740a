package io.depthstream.cli.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.testing.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/** The commands a committed bundle records, taken apart to be run again in a test. */
final class RecordedCommands {

  private RecordedCommands() {}

  /** The words of a recorded {@code ./depthstream NAME ...} command, from NAME on. */
  static List<String> words(String command, String name) {
    List<String> words = new ArrayList<>(Arrays.asList(command.trim().split("\\s+")));
    assertThat(words).as(command).hasSizeGreaterThan(2);
    assertThat(words.get(0)).isEqualTo("./depthstream");
    assertThat(words.get(1)).isEqualTo(name);
    return words.subList(1, words.size());
  }

  static String valueOf(List<String> words, String option) {
    int at = words.indexOf(option);
    assertThat(at).as(option + " in " + words).isPositive();
    return words.get(at + 1);
  }

  static void set(List<String> words, String option, String value) {
    words.set(words.indexOf(option) + 1, value);
  }

  static List<Path> bundleDirectories() throws IOException {
    Path models = RepositoryRoot.path().resolve("models");
    try (Stream<Path> dirs = Files.list(models)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(ModelBundle.DESCRIPTOR_FILE)))
          .sorted()
          .toList();
    }
  }
}
