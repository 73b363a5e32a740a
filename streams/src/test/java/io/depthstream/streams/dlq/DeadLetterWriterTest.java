package io.depthstream.streams.dlq;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterWriterTest {

  private static final int LIMIT = 16 * 1024;

  @Test
  void aLetterThatFitsIsLeftAlone() {
    Record<byte[], byte[]> letter = letter(new byte[1000], new RecordHeaders());
    assertThat(DeadLetterWriter.fitted(letter, LIMIT)).isSameAs(letter);
  }

  @Test
  void aLargeValueIsCutToFitWithItsSizeAndHash() {
    byte[] value = new byte[LIMIT * 3];
    value[0] = 7;
    Record<byte[], byte[]> fitted = DeadLetterWriter.fitted(letter(value, reasonHeaders()), LIMIT);
    assertThat(size(fitted)).isLessThanOrEqualTo(LIMIT - DeadLetterWriter.RECORD_OVERHEAD_BYTES);
    assertThat(fitted.value()[0]).isEqualTo((byte) 7);
    assertThat(DeadLetterHeaders.text(fitted.headers(), DeadLetterHeaders.ORIGINAL_SIZE))
        .isEqualTo(Integer.toString(value.length));
    assertThat(DeadLetterHeaders.text(fitted.headers(), DeadLetterHeaders.ORIGINAL_SHA256))
        .isEqualTo(DeadLetterWriter.sha256(value))
        .hasSize(64);
    assertThat(DeadLetterHeaders.text(fitted.headers(), DeadLetterHeaders.REASON))
        .isEqualTo("stale");
  }

  @Test
  void producerHeadersTooLargeToCarryAreDroppedButTheLettersOwnAreKept() {
    Headers headers = reasonHeaders();
    headers.add("junk", new byte[LIMIT]);
    Record<byte[], byte[]> fitted = DeadLetterWriter.fitted(letter(new byte[100], headers), LIMIT);
    assertThat(fitted.headers().lastHeader("junk")).isNull();
    assertThat(DeadLetterHeaders.text(fitted.headers(), DeadLetterHeaders.REASON))
        .isEqualTo("stale");
    assertThat(DeadLetterHeaders.text(fitted.headers(), "dlq.original.headers"))
        .contains("dropped");
    assertThat(fitted.value()).hasSize(100);
    assertThat(size(fitted)).isLessThanOrEqualTo(LIMIT - DeadLetterWriter.RECORD_OVERHEAD_BYTES);
  }

  private static Headers reasonHeaders() {
    Headers headers = new RecordHeaders();
    headers.add(DeadLetterHeaders.REASON, "stale".getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private static Record<byte[], byte[]> letter(byte[] value, Headers headers) {
    return new Record<>("v1/cam0".getBytes(StandardCharsets.UTF_8), value, 0L, headers);
  }

  private static int size(Record<byte[], byte[]> record) {
    int size = record.key().length + record.value().length;
    for (var header : record.headers()) {
      size += header.key().length() + header.value().length;
    }
    return size;
  }
}
