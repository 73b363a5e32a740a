package io.depthstream.streams.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class ServiceClockTimestampsTest {

  private static final long NOW = 1_700_000_000_000L;

  @Test
  void aTimestampInThePastIsKept() {
    assertThat(ServiceClockTimestamps.bounded(NOW - 5, 0, NOW)).isEqualTo(NOW - 5);
  }

  @Test
  void aTimestampAheadOfTheServiceClockIsCappedAtIt() {
    assertThat(ServiceClockTimestamps.bounded(NOW + 3_600_000, NOW - 10, NOW)).isEqualTo(NOW);
  }

  @Test
  void aNegativeTimestampTakesThePartitionsTimeOrNow() {
    assertThat(ServiceClockTimestamps.bounded(-1, NOW - 100, NOW)).isEqualTo(NOW - 100);
    assertThat(ServiceClockTimestamps.bounded(-1, -1, NOW)).isEqualTo(NOW);
  }

  @Test
  void theExtractorReadsTheRecordsTimestampAgainstItsClock() {
    ServiceClockTimestamps extractor =
        new ServiceClockTimestamps(Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));
    ConsumerRecord<Object, Object> ahead =
        new ConsumerRecord<>(
            "camera.frames",
            0,
            0,
            NOW + 3_600_000,
            org.apache.kafka.common.record.TimestampType.CREATE_TIME,
            0,
            0,
            null,
            null,
            new org.apache.kafka.common.header.internals.RecordHeaders(),
            java.util.Optional.empty());
    assertThat(extractor.extract(ahead, NOW - 50)).isEqualTo(NOW);
  }
}
