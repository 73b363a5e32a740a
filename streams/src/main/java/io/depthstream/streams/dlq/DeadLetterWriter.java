package io.depthstream.streams.dlq;

import io.depthstream.streams.observability.PipelineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns dead letters into {@code depth.dlq} records: the original key and value bytes, the original
 * headers plus the {@link DeadLetterHeaders}, and one tick of {@code depthstream.dlq} for the
 * reason. Every dead letter passes here, so the counter is the DLQ's exact size.
 */
public final class DeadLetterWriter implements Processor<String, DeadLetter, byte[], byte[]> {

  private final PipelineMetrics metrics;
  private ProcessorContext<byte[], byte[]> context;

  public DeadLetterWriter(PipelineMetrics metrics) {
    this.metrics = metrics;
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
        new Record<>(
            letter.key(),
            letter.value(),
            record.timestamp(),
            DeadLetterHeaders.of(record.headers(), letter)));
  }
}
