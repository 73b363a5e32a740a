package io.depthstream.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** The command a user typed, as reports and model bundles record it to be run again. */
public final class TypedCommand {

  private TypedCommand() {}

  /**
   * {@code ./depthstream NAME ARGS…} for the command {@code spec} describes (picocli's original
   * arguments include the subcommand's name when it runs from {@code Main}, not when it runs
   * alone).
   */
  public static String of(CommandSpec spec) {
    List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
    if (!args.isEmpty() && args.get(0).equals(spec.name())) {
      args.remove(0);
    }
    StringBuilder line = new StringBuilder("./depthstream ").append(spec.name());
    for (String arg : args) {
      line.append(' ')
          .append(arg.isEmpty() || arg.matches(".*[\\s'\"$`\\\\].*") ? quote(arg) : arg);
    }
    return line.toString();
  }

  private static String quote(String arg) {
    return "'" + arg.replace("'", "'\\''") + "'";
  }
}
