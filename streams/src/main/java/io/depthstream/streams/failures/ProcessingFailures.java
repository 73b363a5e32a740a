package io.depthstream.streams.failures;

import io.depthstream.streams.meters.MeterNames;
import io.micrometer.core.instrument.Metrics;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' {@code processing.exception.handler}: what happens to an exception a processor did
 * not turn into a dead letter itself.
 *
 * <p>CONTINUE, because every processor of the service already catches what a record can cause and
 * forwards a dead letter with the original bytes; an exception that still escapes is a bug of ours
 * that the same record would hit again on every restart. Failing would turn one record into a
 * permanent outage for every vehicle; skipping it loses one record, which is logged with its source
 * and counted in {@code depthstream.records.skipped{stage="processing"}} so it cannot go unnoticed.
 */
public final class ProcessingFailures implements ProcessingExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(ProcessingFailures.class);

  @Override
  public ProcessingHandlerResponse handle(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    LOG.error(
        "record {}-{}@{} failed in processor {} and was skipped; this is a bug, please report it",
        context.topic(),
        context.partition(),
        context.offset(),
        context.processorNodeId(),
        exception);
    SkippedRecords.count("processing", context.topic());
    return ProcessingHandlerResponse.CONTINUE;
  }

  @Override
  public void configure(Map<String, ?> configs) {}

  /** The one counter every handler here ticks. */
  static final class SkippedRecords {
    private SkippedRecords() {}

    static void count(String stage, String topic) {
      Metrics.counter(
              MeterNames.RECORDS_SKIPPED, "stage", stage, "topic", topic == null ? "" : topic)
          .increment();
    }
  }
}
