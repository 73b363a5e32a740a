package io.depthstream.streams.clock;

import java.time.Clock;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The timestamp Kafka Streams gives a record: the producer's, but never later than the service
 * clock, and never negative.
 *
 * <p>Why: stream time is kept per task (here: one input partition of frames, scans and
 * calibrations) and moves with the largest timestamp seen. One vehicle whose clock runs an hour
 * ahead would move it an hour forward, and every other vehicle on the partition would then have its
 * ground truth dead-lettered as late for an hour. Capped here, a record cannot move stream time
 * past "now"; the processors then dead-letter it by its capture time ({@link CaptureTimeCheck}). A
 * negative timestamp (a producer that sets none) would stop the stream thread under Kafka's default
 * extractor; it becomes the partition's current time instead.
 */
public final class ServiceClockTimestamps implements TimestampExtractor {

  private final Clock clock;

  public ServiceClockTimestamps(Clock clock) {
    this.clock = clock;
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    return bounded(record.timestamp(), partitionTime, clock.millis());
  }

  /** The pure rule: {@code min(timestamp, now)}, or the partition's time for a negative one. */
  static long bounded(long timestamp, long partitionTime, long now) {
    if (timestamp < 0) {
      return partitionTime >= 0 ? Math.min(partitionTime, now) : now;
    }
    return Math.min(timestamp, now);
  }
}
