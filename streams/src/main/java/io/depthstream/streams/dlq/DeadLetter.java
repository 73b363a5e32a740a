package io.depthstream.streams.dlq;

import java.util.Objects;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * A record the service could not process, ready for {@code depth.dlq}: the original key and value
 * bytes, a short machine-readable {@link DeadLetterReason reason}, a message for people, and where
 * the record came from (topic, partition, offset; -1 when the failure is not tied to one input
 * record, e.g. a frame scored after its window closed).
 */
public record DeadLetter(
    byte[] key,
    byte[] value,
    String reason,
    String message,
    String sourceTopic,
    int partition,
    long offset) {

  public DeadLetter {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(sourceTopic, "sourceTopic");
    message = message == null ? reason : message;
  }

  /** A dead letter for the record {@code context} is processing now. */
  public static DeadLetter of(
      ProcessingContext context,
      String fallbackTopic,
      byte[] key,
      byte[] value,
      String reason,
      String message) {
    RecordMetadata metadata = context.recordMetadata().orElse(null);
    if (metadata == null) {
      return new DeadLetter(key, value, reason, message, fallbackTopic, -1, -1L);
    }
    return new DeadLetter(
        key, value, reason, message, metadata.topic(), metadata.partition(), metadata.offset());
  }

  @Override
  public String toString() {
    return "DeadLetter["
        + reason
        + " from "
        + sourceTopic
        + "-"
        + partition
        + "@"
        + offset
        + ": "
        + message
        + "]";
  }
}
