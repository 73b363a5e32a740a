package io.depthstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** publish's options are refused at parse time, before any broker is asked, with the fix. */
class PublishOptionsTest {

  private record Run(int code, String out, String err) {}

  private static Run publish(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new PublishCommand())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void exactlyOneSourceIsNamed() {
    Run none = publish("--count", "1");
    assertThat(none.code()).isEqualTo(2);
    assertThat(none.err()).contains("--synthetic").contains("--kitti").contains("--nyu");

    Run two = publish("--synthetic", "street", "--images", "pictures");
    assertThat(two.code()).isEqualTo(2);
    assertThat(two.err()).contains("mutually exclusive");
  }

  @Test
  void typedOptionsSayWhatTheyAccept() {
    assertThat(publish("--synthetic", "street", "--clock", "wall").err())
        .contains("--clock must be live or recorded, got 'wall'");
    assertThat(publish("--synthetic", "street", "--rate", "fast").err())
        .contains("--rate must be 'realtime', 0 (as fast as possible) or frames per second > 0");
    assertThat(publish("--synthetic", "street", "--encoding", "bmp").err())
        .contains("--encoding must be jpeg, png or rgb8, got 'bmp'");
    assertThat(publish("--synthetic", "street", "--connect-timeout", "0").err())
        .contains("--connect-timeout must be at least 1");
  }

  @Test
  void helpListsTheSharedKafkaOptions() {
    Run help = publish("--help");
    assertThat(help.code()).isZero();
    assertThat(help.out())
        .contains("--bootstrap-servers")
        .contains("--command-config")
        .contains("--frames-topic")
        .contains("--clock");
  }
}
