package io.depthstream.streams.clock;

import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.dlq.Refusal;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a record's capture time is one the service can trust, against its own clock: not further
 * ahead than the allowed skew ({@link DeadLetterReason#FUTURE_TIMESTAMP}) and not older than the
 * horizon ({@link DeadLetterReason#TOO_OLD}). Pure; the processors turn a refusal into a dead
 * letter.
 */
public final class CaptureTimeCheck {

  private final long maxFutureSkewMs;
  private final long maxAgeMs;

  public CaptureTimeCheck(Duration maxFutureSkew, Duration maxAge) {
    if (maxFutureSkew.isNegative() || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException(
          "depthstream.clock.max-future-skew must be >= 0 and max-age > 0, got "
              + maxFutureSkew
              + " and "
              + maxAge);
    }
    this.maxFutureSkewMs = maxFutureSkew.toMillis();
    this.maxAgeMs = maxAge.toMillis();
  }

  /** A refusal of {@code what}, captured at {@code captureMs}, seen at {@code nowMs}; or empty. */
  public Optional<Refusal> check(String what, long captureMs, long nowMs) {
    long ahead = captureMs - nowMs;
    if (ahead > maxFutureSkewMs) {
      return Optional.of(
          new Refusal(
              DeadLetterReason.FUTURE_TIMESTAMP,
              what
                  + " was captured "
                  + ahead
                  + " ms ahead of the service clock, more than the "
                  + maxFutureSkewMs
                  + " ms allowed (depthstream.clock.max-future-skew); fix the producer's clock"
                  + " (NTP/PTP)"));
    }
    long age = nowMs - captureMs;
    if (age > maxAgeMs) {
      return Optional.of(
          new Refusal(
              DeadLetterReason.TOO_OLD,
              what
                  + " was captured "
                  + age
                  + " ms ago, older than the "
                  + maxAgeMs
                  + " ms horizon (depthstream.clock.max-age); check the producer's clock or"
                  + " replay old data into another topic"));
    }
    return Optional.empty();
  }
}
