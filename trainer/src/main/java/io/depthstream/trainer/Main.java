package io.depthstream.trainer;

import io.depthstream.trainer.compare.CompareCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the trainer's commands ({@code ./depthstream train|export|compare}). */
@Command(
    name = "depthstream",
    mixinStandardHelpOptions = true,
    version = "depthstream 0.1.0",
    description = "Train DenseDepth models and baselines; export them as ONNX model bundles.",
    subcommands = {TrainCommand.class, ExportCommand.class, CompareCommand.class})
public final class Main implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The command line with its error handling: a bad option value or an unusable input ends with its
   * one-line explanation and exit code 2 instead of a stack trace.
   */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof IllegalArgumentException
              || e instanceof IllegalStateException
              || e instanceof java.io.IOException
              || e instanceof java.io.UncheckedIOException) {
            command
                .getErr()
                .println("depthstream " + command.getCommandName() + ": " + e.getMessage());
            return 2;
          }
          throw e;
        });
    return cli;
  }
}
