package io.depthstream.streams.failures;

import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code deserialization.exception.handler}.
 *
 * <p>Every topic strangers write to is read as raw bytes and decoded inside the processors, where a
 * bad record becomes a dead letter with its reason and original bytes. So this handler only ever
 * sees the service's own internal topics (the metrics repartition, changelogs): a record there that
 * does not decode was written by another version of the service. CONTINUE (skip it, logged and
 * counted in {@code depthstream.records.skipped{stage="deserialization"}}), because failing would
 * stop every vehicle on the partition for one metrics row.
 */
public final class DeserializationFailures implements DeserializationExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(DeserializationFailures.class);

  @Override
  public DeserializationHandlerResponse handle(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    LOG.error(
        "record {}-{}@{} does not decode and was skipped: {}",
        record.topic(),
        record.partition(),
        record.offset(),
        exception.toString());
    ProcessingFailures.SkippedRecords.count("deserialization", record.topic());
    return DeserializationHandlerResponse.CONTINUE;
  }

  @Override
  public void configure(Map<String, ?> configs) {}
}
