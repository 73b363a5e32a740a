package io.depthstream.streams.failures;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code production.exception.handler}: what happens when a record cannot be
 * written.
 *
 * <ul>
 *   <li>Record too large or not serializable: CONTINUE. The record itself can never be written, so
 *       retrying or failing would stop the client on the same input after every restart (the 10 MiB
 *       stale frame whose dead letter outgrew the producer did exactly that). The service sizes its
 *       outputs and truncates dead letters before they get here ({@code
 *       depthstream.kafka.max-record-bytes}), so reaching this is a bug: logged, counted in {@code
 *       depthstream.records.skipped{stage="production"}}.
 *   <li>Retriable errors (a leader moving, a broker restarting): RETRY, as Kafka's default.
 *   <li>Anything else (authorization, fencing, a broken broker): FAIL. These say nothing about one
 *       record; the stream thread is replaced and, if it keeps failing, the process exits so that
 *       its supervisor restarts it ({@link StreamThreadFailures}).
 * </ul>
 */
public final class ProductionFailures implements ProductionExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProductionFailures.class);

  @Override
  public ProductionExceptionHandlerResponse handle(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RecordTooLargeException) {
      return skip(record.topic(), sizeOf(record), exception);
    }
    if (exception instanceof RetriableException) {
      return ProductionExceptionHandlerResponse.RETRY;
    }
    return ProductionExceptionHandlerResponse.FAIL;
  }

  @Override
  public ProductionExceptionHandlerResponse handleSerializationException(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    return skip(record.topic(), -1, exception);
  }

  private static ProductionExceptionHandlerResponse skip(
      String topic, long size, Exception exception) {
    LOG.error(
        "a record for {} ({} bytes) cannot be written and was skipped: {}; this is a bug, please"
            + " report it",
        topic,
        size,
        exception.toString());
    ProcessingFailures.SkippedRecords.count("production", topic);
    return ProductionExceptionHandlerResponse.CONTINUE;
  }

  private static long sizeOf(ProducerRecord<byte[], byte[]> record) {
    return (record.key() == null ? 0 : record.key().length)
        + (record.value() == null ? 0 : record.value().length);
  }

  @Override
  public void configure(Map<String, ?> configs) {}
}
