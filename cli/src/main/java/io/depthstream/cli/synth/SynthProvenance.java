package io.depthstream.cli.synth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code OUT/synth.json}: the command that rendered a synthetic data set, kept beside it so that a
 * number measured on the set (a model's held-out metrics) can name the command that makes the same
 * set again — every frame is a pure function of that command.
 */
public final class SynthProvenance {

  static final String FILE = "synth.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private SynthProvenance() {}

  static void write(Path out, String command) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("command", command);
    Files.writeString(
        out.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n");
  }

  /**
   * The synth command that made {@code data}: read from {@code synth.json} in {@code data} or in
   * the two folders above it (a set's nyu/ or kitti/ folder, or a KITTI date folder inside it).
   */
  public static Optional<String> commandThatMade(Path data) {
    Path dir = data.toAbsolutePath().normalize();
    for (int up = 0; up <= 2 && dir != null; up++, dir = dir.getParent()) {
      Path file = dir.resolve(FILE);
      if (Files.isRegularFile(file)) {
        try {
          JsonNode command = JSON.readTree(file.toFile()).get("command");
          return command != null && command.isTextual()
              ? Optional.of(command.asText())
              : Optional.empty();
        } catch (IOException e) {
          return Optional.empty(); // provenance is a courtesy: an unreadable file records the path
        }
      }
    }
    return Optional.empty();
  }
}
