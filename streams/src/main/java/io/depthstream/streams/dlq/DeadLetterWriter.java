package io.depthstream.streams.dlq;

import io.depthstream.streams.observability.PipelineMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns dead letters into {@code depth.dlq} records: the original key and value bytes, the original
 * headers plus the {@link DeadLetterHeaders}, and one tick of {@code depthstream.dlq} for the
 * reason. Every dead letter passes here, so the counter is the DLQ's exact size.
 *
 * <p>A dead letter is as large as the record it carries plus its headers, so a record just under
 * the topic's limit makes a dead letter over the producer's. Such a letter is written with its
 * value cut to fit, and {@code dlq.truncated}, {@code dlq.original.size} and {@code
 * dlq.original.sha256} saying what was cut: never dropped, never fatal to the stream thread.
 */
public final class DeadLetterWriter implements Processor<String, DeadLetter, byte[], byte[]> {

  /**
   * Room kept for what the producer counts besides key, value and header bytes: the batch header
   * (61 bytes) and the varint lengths of each field, with a wide margin.
   */
  static final int RECORD_OVERHEAD_BYTES = 1024;

  private final PipelineMetrics metrics;
  private final int maxRecordBytes;
  private ProcessorContext<byte[], byte[]> context;

  /**
   * @param maxRecordBytes the producer's {@code max.request.size}
   *     (depthstream.kafka.max-record-bytes)
   */
  public DeadLetterWriter(PipelineMetrics metrics, int maxRecordBytes) {
    if (maxRecordBytes < 4 * RECORD_OVERHEAD_BYTES) {
      throw new IllegalArgumentException(
          "depthstream.kafka.max-record-bytes must be at least "
              + 4 * RECORD_OVERHEAD_BYTES
              + ", got "
              + maxRecordBytes);
    }
    this.metrics = metrics;
    this.maxRecordBytes = maxRecordBytes;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, DeadLetter> record) {
    DeadLetter letter = record.value();
    metrics.deadLetter(letter.reason(), letter.sourceTopic());
    context.forward(
        fitted(
            new Record<>(
                letter.key(),
                letter.value(),
                record.timestamp(),
                DeadLetterHeaders.of(record.headers(), letter)),
            maxRecordBytes));
  }

  /**
   * {@code letter} as it is when it fits in {@code maxRecordBytes}; otherwise with the original
   * producer's headers dropped if they alone are too large, and the value cut to what fits.
   */
  static Record<byte[], byte[]> fitted(Record<byte[], byte[]> letter, int maxRecordBytes) {
    byte[] key = letter.key() == null ? new byte[0] : letter.key();
    byte[] value = letter.value() == null ? new byte[0] : letter.value();
    int budget = maxRecordBytes - RECORD_OVERHEAD_BYTES;
    if (key.length + value.length + sizeOf(letter.headers()) <= budget) {
      return letter;
    }
    Headers headers = letter.headers();
    if (key.length + sizeOf(headers) > budget / 2) {
      headers = onlyDeadLetterHeaders(headers);
    }
    DeadLetterHeaders.markTruncated(headers, value.length, sha256(value));
    byte[] cutKey = key.length > budget / 4 ? Arrays.copyOf(key, budget / 4) : letter.key();
    int room = Math.max(0, budget - (cutKey == null ? 0 : cutKey.length) - sizeOf(headers));
    return new Record<>(
        cutKey, Arrays.copyOf(value, Math.min(value.length, room)), letter.timestamp(), headers);
  }

  private static Headers onlyDeadLetterHeaders(Headers headers) {
    Headers kept = new RecordHeaders();
    for (Header header : headers) {
      if (header.key().startsWith("dlq.")) {
        kept.add(header);
      }
    }
    kept.add("dlq.original.headers", "dropped: too large".getBytes(StandardCharsets.UTF_8));
    return kept;
  }

  private static int sizeOf(Headers headers) {
    int size = 0;
    for (Header header : headers) {
      size += header.key().length() * 4 + (header.value() == null ? 0 : header.value().length) + 8;
    }
    return size;
  }

  static String sha256(byte[] value) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
