package io.depthstream.streams.dlq;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers a dead letter carries on {@code depth.dlq}, added to the original record's own
 * headers. All values are UTF-8 text.
 */
public final class DeadLetterHeaders {

  /** Short machine-readable reason, one of {@link DeadLetterReason}. */
  public static final String REASON = "dlq.reason";

  /** Human-readable error message naming the input and the fix. */
  public static final String ERROR = "dlq.error";

  /** Topic the failed record was read from. */
  public static final String SOURCE_TOPIC = "dlq.source.topic";

  /** Partition it was read from (-1 if not tied to one input record). */
  public static final String SOURCE_PARTITION = "dlq.source.partition";

  /** Offset it was read from (-1 if not tied to one input record). */
  public static final String SOURCE_OFFSET = "dlq.source.offset";

  /** Present ("true") when the value is a truncated copy of the original record's value. */
  public static final String TRUNCATED = "dlq.truncated";

  /** Length in bytes of the original value, on truncated dead letters. */
  public static final String ORIGINAL_SIZE = "dlq.original.size";

  /** Lower-case hex SHA-256 of the original value, on truncated dead letters. */
  public static final String ORIGINAL_SHA256 = "dlq.original.sha256";

  /** Kafka header values are not meant for stack traces; messages are cut here. */
  static final int MAX_MESSAGE_CHARS = 2000;

  private DeadLetterHeaders() {}

  /** A copy of {@code original} with the dead-letter headers of {@code letter} added. */
  public static Headers of(Headers original, DeadLetter letter) {
    Headers headers = new RecordHeaders(original == null ? null : original.toArray());
    put(headers, REASON, letter.reason());
    put(headers, ERROR, cut(letter.message()));
    put(headers, SOURCE_TOPIC, letter.sourceTopic());
    put(headers, SOURCE_PARTITION, Integer.toString(letter.partition()));
    put(headers, SOURCE_OFFSET, Long.toString(letter.offset()));
    return headers;
  }

  /** The text of header {@code name}, or null when absent. */
  public static String text(Headers headers, String name) {
    var header = headers.lastHeader(name);
    return header == null || header.value() == null
        ? null
        : new String(header.value(), StandardCharsets.UTF_8);
  }

  /** Marks {@code headers} as those of a truncated copy of a value of {@code original} bytes. */
  static void markTruncated(Headers headers, int originalSize, String sha256) {
    put(headers, TRUNCATED, "true");
    put(headers, ORIGINAL_SIZE, Integer.toString(originalSize));
    put(headers, ORIGINAL_SHA256, sha256);
  }

  private static void put(Headers headers, String name, String value) {
    headers.remove(name);
    headers.add(name, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String cut(String message) {
    return message.length() <= MAX_MESSAGE_CHARS
        ? message
        : message.substring(0, MAX_MESSAGE_CHARS - 1) + "…";
  }
}
