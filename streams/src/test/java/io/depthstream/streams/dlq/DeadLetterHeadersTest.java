package io.depthstream.streams.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class DeadLetterHeadersTest {

  @Test
  void addsWhyAndWhereToACopyOfTheOriginalHeaders() {
    Headers original = new RecordHeaders();
    original.add("trace-id", "t1".getBytes(StandardCharsets.UTF_8));
    DeadLetter letter =
        new DeadLetter(new byte[0], new byte[0], "corrupt", "bad JPEG", "camera.frames", 2, 41L);

    Headers headers = DeadLetterHeaders.of(original, letter);

    assertThat(DeadLetterHeaders.text(headers, "trace-id")).isEqualTo("t1");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON)).isEqualTo("corrupt");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.ERROR)).isEqualTo("bad JPEG");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo("camera.frames");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_PARTITION)).isEqualTo("2");
    assertThat(DeadLetterHeaders.text(headers, DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("41");
    assertThat(original.toArray()).hasSize(1);
  }

  @Test
  void longMessagesAreCut() {
    DeadLetter letter = new DeadLetter(null, null, "x", "m".repeat(10_000), "camera.frames", 0, 0L);
    String error =
        DeadLetterHeaders.text(DeadLetterHeaders.of(null, letter), DeadLetterHeaders.ERROR);
    assertThat(error).hasSize(DeadLetterHeaders.MAX_MESSAGE_CHARS);
  }
}
