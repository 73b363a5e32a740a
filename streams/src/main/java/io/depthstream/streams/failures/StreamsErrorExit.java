package io.depthstream.streams.failures;

import java.util.function.IntConsumer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when Kafka Streams reaches ERROR: a client in ERROR never processes again, and a
 * process that keeps serving HTTP from a dead pipeline is worse than one that exits, because a
 * supervisor (Kubernetes, systemd, Compose's restart policy) restarts only the latter.
 */
public final class StreamsErrorExit implements KafkaStreams.StateListener {

  /** EX_SOFTWARE of sysexits.h: an internal error; supervisors restart on any non-zero status. */
  public static final int EXIT_STATUS = 70;

  private static final Logger LOG = LoggerFactory.getLogger(StreamsErrorExit.class);

  private final boolean enabled;
  private final IntConsumer exit;

  /**
   * @param enabled false keeps the process up (tests, where the JVM is shared)
   * @param exit how to end the process with a status
   */
  public StreamsErrorExit(boolean enabled, IntConsumer exit) {
    this.enabled = enabled;
    this.exit = exit;
  }

  @Override
  public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
    if (newState != KafkaStreams.State.ERROR) {
      return;
    }
    if (!enabled) {
      LOG.error("Kafka Streams is in ERROR; depthstream.health.exit-on-streams-error is off");
      return;
    }
    LOG.error("Kafka Streams is in ERROR and will not recover; exiting with {}", EXIT_STATUS);
    exit.accept(EXIT_STATUS);
  }
}
