package io.depthstream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** One in-process run of {@code ./depthstream ARGS} through {@link Main}, with what it printed. */
public final class CommandRun {

  public final int exit;
  public final String out;
  public final String err;

  private CommandRun(int exit, String out, String err) {
    this.exit = exit;
    this.out = out;
    this.err = err;
  }

  /** Runs the command line {@code args} (the subcommand first) and captures stdout and stderr. */
  public static CommandRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int exit = cli.execute(args);
    return new CommandRun(exit, out.toString(), err.toString());
  }

  /** The numbers of the JSON object that {@code --json} prints as the last line of {@code out}. */
  public static Map<String, Double> lastLineJson(String out) {
    String[] lines = out.strip().split("\\R");
    String last = lines[lines.length - 1];
    assertThat(last).startsWith("{").endsWith("}");
    Map<String, Double> values = new LinkedHashMap<>();
    Matcher m = Pattern.compile("\"(\\w+)\":([-+0-9.eE]+)").matcher(last);
    while (m.find()) {
      values.put(m.group(1), Double.parseDouble(m.group(2)));
    }
    return values;
  }
}
