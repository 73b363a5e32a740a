package io.depthstream.streams.failures;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {

  @Test
  void replacesDyingThreadsAFewTimesThenShutsTheClientDown() {
    MovableClock clock = new MovableClock();
    StreamThreadFailures failures = new StreamThreadFailures(3, Duration.ofMinutes(10), clock);
    RuntimeException death = new IllegalStateException("fenced");
    for (int i = 0; i < 3; i++) {
      assertThat(failures.handle(death)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }
    assertThat(failures.handle(death)).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    clock.now += Duration.ofMinutes(10).toMillis();
    assertThat(failures.handle(death))
        .as("after the period, old deaths no longer count")
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
  }

  @Test
  void errorStateEndsTheProcessWithStatus70WhenEnabled() {
    List<Integer> exits = new ArrayList<>();
    new StreamsErrorExit(true, exits::add)
        .onChange(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
    new StreamsErrorExit(true, exits::add)
        .onChange(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
    new StreamsErrorExit(false, exits::add)
        .onChange(KafkaStreams.State.ERROR, KafkaStreams.State.PENDING_ERROR);
    assertThat(exits).containsExactly(StreamsErrorExit.EXIT_STATUS);
  }

  private static final class MovableClock extends Clock {
    long now = 1_000_000;

    @Override
    public long millis() {
      return now;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(now);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
