package io.depthstream.streams.dlq;

import java.io.EOFException;
import org.apache.avro.message.MissingSchemaException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Names why a value did not decode as Avro single-object encoding, for the {@code dlq.reason}
 * header: the serde's exception says it in prose; operators filter and alert on these codes.
 */
public final class DecodingFailures {

  /** The fixed part of a single-object value: marker C3 01 and an 8-byte schema fingerprint. */
  private static final int HEADER_LENGTH = 10;

  private DecodingFailures() {}

  /**
   * One of {@link DeadLetterReason#NOT_AVRO}, {@code TRUNCATED}, {@code UNKNOWN_SCHEMA}, {@code
   * MALFORMED}.
   */
  public static String reasonOf(SerializationException failure, byte[] value) {
    if (value == null || value.length < 2) {
      return DeadLetterReason.TRUNCATED;
    }
    if (value[0] != (byte) 0xC3 || value[1] != (byte) 0x01) {
      return DeadLetterReason.NOT_AVRO;
    }
    if (value.length < HEADER_LENGTH) {
      return DeadLetterReason.TRUNCATED;
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof MissingSchemaException) {
        return DeadLetterReason.UNKNOWN_SCHEMA;
      }
      if (t instanceof EOFException) {
        return DeadLetterReason.TRUNCATED;
      }
    }
    return DeadLetterReason.MALFORMED;
  }
}
