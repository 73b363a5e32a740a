package io.depthstream.streams.failures;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Kafka Streams does when a stream thread dies of an exception (a {@code
 * StreamsUncaughtExceptionHandler}).
 *
 * <p>Record-level failures never get here: processors dead-letter them and the other handlers in
 * this package skip what is left. What does get here is about the thread, not a record (a fenced
 * producer, a broker that went away too long, a state directory that cannot be written). The first
 * answer is REPLACE_THREAD: the new thread rejoins, its tasks restore from the changelogs and
 * exactly-once holds, which cures transient trouble without a process restart. If threads keep
 * dying ({@code maxReplacements} within {@code period}), replacing them is a loop that serves
 * nothing: SHUTDOWN_CLIENT moves Kafka Streams to ERROR, readiness goes down, and {@link
 * StreamsErrorExit} ends the process so that its supervisor starts a fresh one.
 */
public final class StreamThreadFailures implements StreamsUncaughtExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(StreamThreadFailures.class);

  private final int maxReplacements;
  private final long periodMs;
  private final Clock clock;
  private final Deque<Long> replacements = new ArrayDeque<>();

  public StreamThreadFailures(int maxReplacements, Duration period, Clock clock) {
    this.maxReplacements = maxReplacements;
    this.periodMs = period.toMillis();
    this.clock = clock;
  }

  /** Three replacements in ten minutes, then shut down. */
  public static StreamThreadFailures defaults() {
    return new StreamThreadFailures(3, Duration.ofMinutes(10), Clock.systemUTC());
  }

  @Override
  public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
    long now = clock.millis();
    while (!replacements.isEmpty() && replacements.peekFirst() <= now - periodMs) {
      replacements.removeFirst();
    }
    if (replacements.size() >= maxReplacements) {
      LOG.error(
          "a stream thread died for the {}th time within {} s; shutting Kafka Streams down so the"
              + " process can be restarted",
          replacements.size() + 1,
          periodMs / 1000,
          exception);
      return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }
    replacements.addLast(now);
    LOG.error("a stream thread died; replacing it", exception);
    return StreamThreadExceptionResponse.REPLACE_THREAD;
  }
}
