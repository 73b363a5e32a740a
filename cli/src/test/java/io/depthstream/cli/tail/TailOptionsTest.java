package io.depthstream.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** tail shares publish's Kafka options and refuses bad values before any broker is asked. */
class TailOptionsTest {

  private static String[] tail(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new TailCommand())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void badValuesAreUsageErrors() {
    String[] colormap = tail("--colormap", "rainbow");
    assertThat(colormap[0]).isEqualTo("2");
    assertThat(colormap[2]).contains("'rainbow' is not a colormap; use turbo, magma or gray");
    assertThat(tail("--connect-timeout", "0")[2]).contains("--connect-timeout must be at least 1");
  }

  @Test
  void helpListsTheSharedKafkaOptions() {
    String[] help = tail("--help");
    assertThat(help[0]).isEqualTo("0");
    assertThat(help[1])
        .contains("--bootstrap-servers")
        .contains("--command-config")
        .contains("--depth-topic")
        .contains("--window-metrics-topic");
  }
}
