package io.depthstream.streams.kafka;

import io.depthstream.streams.config.DepthstreamConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes Kafka Streams' local task directories before the service's Kafka Streams starts, when
 * {@code depthstream.state.clear-local-tasks-on-start} is on; {@link LocalTaskState} says why.
 *
 * <p>It runs after {@link KafkaStartup} and before quarkus-kafka-streams starts the instance (a
 * default-priority observer). Resolving the instance first constructs it, which takes Kafka
 * Streams' lock on the application's state directory: a second service on the same directory fails
 * there, before anything is deleted.
 */
@ApplicationScoped
public class StateDirectoryReset {

  private static final Logger LOG = LoggerFactory.getLogger(StateDirectoryReset.class);

  private final boolean enabled;
  private final Instance<KafkaStreams> streams;
  private final Instance<StreamsConfig> streamsConfig;

  @Inject
  public StateDirectoryReset(
      DepthstreamConfig config,
      Instance<KafkaStreams> streams,
      Instance<StreamsConfig> streamsConfig) {
    this.enabled = config.state().clearLocalTasksOnStart();
    this.streams = streams;
    this.streamsConfig = streamsConfig;
  }

  void onStart(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) StartupEvent event) {
    if (!enabled || !streams.isResolvable() || !streamsConfig.isResolvable()) {
      return;
    }
    reset(streams.get(), streamsConfig.get());
  }

  /**
   * Deletes the task directories of {@code instance}'s application if it has not started.
   *
   * @return the task directories deleted
   */
  static List<Path> reset(KafkaStreams instance, StreamsConfig settings) {
    if (instance.state() != KafkaStreams.State.CREATED) {
      return List.of(); // started already: never delete under a running instance
    }
    Path dir =
        LocalTaskState.applicationDirectory(
            Path.of(settings.getString(StreamsConfig.STATE_DIR_CONFIG)),
            settings.getString(StreamsConfig.APPLICATION_ID_CONFIG));
    List<Path> deleted = LocalTaskState.clear(dir);
    if (!deleted.isEmpty()) {
      LOG.info(
          "Kafka Streams: deleted {} local task directories in {}; their stores restore from the"
              + " changelogs, and the stream threads share the tasks"
              + " (depthstream.state.clear-local-tasks-on-start=false keeps them)",
          deleted.size(),
          dir);
    }
    return deleted;
  }
}
