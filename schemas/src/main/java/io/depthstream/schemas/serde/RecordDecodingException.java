package io.depthstream.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A Kafka record value that is not a single-object encoded Avro record of the type its topic
 * carries: wrong marker bytes, an unknown schema fingerprint, a truncated or corrupt body. The
 * message names the topic, the schema that was expected, what was found and how to fix it; Kafka
 * Streams' deserialization handlers see it as a {@link SerializationException}, so a bad record
 * goes to the dead-letter topic instead of stopping the service.
 */
public class RecordDecodingException extends SerializationException {

  private static final long serialVersionUID = 1L;

  public RecordDecodingException(String message) {
    super(message);
  }

  public RecordDecodingException(String message, Throwable cause) {
    super(message, cause);
  }
}
