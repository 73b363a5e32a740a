package io.depthstream.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the command-line tools that need neither the trainer nor the service. */
@Command(
    name = "depthstream",
    mixinStandardHelpOptions = true,
    version = "depthstream 0.1.0",
    description = "Live monocular depth for vehicle and robot fleets.",
    subcommands = {
      io.depthstream.cli.evaluate.EvaluateCommand.class,
      io.depthstream.cli.evaluate.CalibrateCommand.class,
      io.depthstream.cli.predict.PredictCommand.class,
      io.depthstream.cli.synth.SynthCommand.class,
      io.depthstream.cli.publish.PublishCommand.class,
      io.depthstream.cli.tail.TailCommand.class,
      io.depthstream.cli.bench.BenchCommand.class
    })
public final class Main implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}
