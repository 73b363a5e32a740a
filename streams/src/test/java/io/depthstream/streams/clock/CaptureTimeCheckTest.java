package io.depthstream.streams.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.dlq.Refusal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CaptureTimeCheckTest {

  private final CaptureTimeCheck check =
      new CaptureTimeCheck(Duration.ofSeconds(10), Duration.ofHours(1));
  private static final long NOW = 1_000_000_000L;

  @Test
  void aRecordWithinTheSkewAndTheHorizonPasses() {
    assertThat(check.check("frame v/c#1", NOW, NOW)).isEmpty();
    assertThat(check.check("frame v/c#1", NOW + 10_000, NOW)).isEmpty();
    assertThat(check.check("frame v/c#1", NOW - 3_600_000, NOW)).isEmpty();
  }

  @Test
  void oneMillisecondPastTheSkewIsAFutureTimestamp() {
    Refusal refusal = check.check("frame v/c#1", NOW + 10_001, NOW).orElseThrow();
    assertThat(refusal.reason()).isEqualTo(DeadLetterReason.FUTURE_TIMESTAMP);
    assertThat(refusal.message())
        .contains("frame v/c#1", "10001 ms ahead", "depthstream.clock.max-future-skew");
  }

  @Test
  void anHourAheadIsAFutureTimestamp() {
    assertThat(check.check("scan v/c#1", NOW + 3_600_000, NOW).orElseThrow().reason())
        .isEqualTo(DeadLetterReason.FUTURE_TIMESTAMP);
  }

  @Test
  void aYearOldRecordIsTooOld() {
    Refusal refusal = check.check("scan v/c#1", NOW - 365L * 86_400_000, NOW).orElseThrow();
    assertThat(refusal.reason()).isEqualTo(DeadLetterReason.TOO_OLD);
    assertThat(refusal.message()).contains("depthstream.clock.max-age");
  }

  @Test
  void settingsMustMakeSense() {
    assertThatThrownBy(() -> new CaptureTimeCheck(Duration.ofSeconds(-1), Duration.ofHours(1)))
        .hasMessageContaining("max-future-skew");
    assertThatThrownBy(() -> new CaptureTimeCheck(Duration.ZERO, Duration.ZERO))
        .hasMessageContaining("max-age");
  }
}
