package io.depthstream.streams.bench;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.TopicProvisioner;
import io.depthstream.broker.TopicSpec;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.fleet.FleetPublisher;
import io.depthstream.fleet.FleetTopic;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.config.ServiceSettings;
import io.depthstream.streams.failures.StreamThreadFailures;
import io.depthstream.streams.kafka.LocalTaskState;
import io.depthstream.streams.kafka.ServiceTopics;
import io.depthstream.streams.meters.MeterNames;
import io.depthstream.streams.models.ComparisonBoard;
import io.depthstream.streams.models.ModelBatching;
import io.depthstream.streams.models.ModelCatalog;
import io.depthstream.streams.models.ServingModel;
import io.depthstream.streams.observability.InferenceHealth;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.observability.WindowGauges;
import io.depthstream.streams.topics.Topics;
import io.depthstream.streams.topology.TopologyProducer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RemoveMembersFromConsumerGroupOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The depth service as the pipeline benchmark runs it: a fresh in-process Kafka broker with the
 * service's topics, and the service's real topology ({@link TopologyProducer#build()}) as plain
 * Kafka Streams (no Quarkus) with the service's own Kafka Streams settings and thread-death policy,
 * started on request so a backlog can be published first. The models it serves are a {@link
 * ModelCatalog}: one champion, and challengers in shadow when the challenger drains ask for them.
 */
final class ServiceRun implements AutoCloseable {

  private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final EmbeddedKafkaBroker broker;
  private final Admin admin;
  private final DepthstreamConfig config;
  private final Topics topics;
  private final Properties streamsProperties;
  private final Path stateDir;
  private final PipelineMetrics metrics = new PipelineMetrics(new SimpleMeterRegistry());
  private final ModelCatalog models;
  private volatile KafkaStreams streams;
  private volatile KafkaStreams.State state = KafkaStreams.State.CREATED;
  private final int partitions;
  private volatile long startNanos;
  private volatile long runningNanos;
  private double firstStartSeconds;

  private ServiceRun(
      EmbeddedKafkaBroker broker,
      Admin admin,
      ServiceSettings settings,
      Topics topics,
      ModelCatalog models,
      Path stateDir,
      int partitions) {
    this.broker = broker;
    this.partitions = partitions;
    this.admin = admin;
    this.config = settings.depthstream();
    this.topics = topics;
    this.models = models;
    this.stateDir = stateDir;
    this.streamsProperties = settings.kafkaStreams();
    streamsProperties.put(
        StreamsConfig.APPLICATION_ID_CONFIG,
        settings.value("quarkus.kafka-streams.application-id").orElse("depthstream"));
    streamsProperties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    streamsProperties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
  }

  /** Starts a broker and the service topics for a service that runs {@code estimator} alone. */
  static ServiceRun start(ServiceSettings settings, DepthEstimator estimator) {
    return start(
        settings, ModelCatalog.single(estimator, ModelBatching.of(settings.depthstream().model())));
  }

  /**
   * Starts a broker and creates the service topics with the service's partition count. The catalog
   * is not closed with the run: closing it would close sessions the next run reuses. Its models'
   * batcher threads are stopped when the run closes.
   */
  static ServiceRun start(ServiceSettings settings, ModelCatalog models) {
    DepthstreamConfig config = settings.depthstream();
    EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            BrokerSettings.ephemeral().withMaxMessageBytes(config.kafka().maxRecordBytes()));
    Admin admin = null;
    try {
      admin =
          Admin.create(
              Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()));
      int partitions =
          Integer.parseInt(settings.value("depthstream.topic-provisioning.partitions").orElse("3"));
      // Built once here, as TopicsProducer does for the service.
      Topics topics = Topics.from(config.topics());
      List<TopicSpec> specs =
          ServiceTopics.specs(topics, partitions, config.kafka().maxRecordBytes());
      // Returns once the created topics take writes (PartitionReadiness).
      new TopicProvisioner(admin, ADMIN_TIMEOUT).ensure(specs);
      Path stateDir = Files.createTempDirectory("depthstream-bench-state-");
      return new ServiceRun(broker, admin, settings, topics, models, stateDir, partitions);
    } catch (IOException | RuntimeException e) {
      if (admin != null) {
        admin.close();
      }
      broker.close();
      if (e instanceof IOException io) {
        throw new UncheckedIOException("cannot create a state directory for Kafka Streams", io);
      }
      throw (RuntimeException) e;
    }
  }

  String bootstrapServers() {
    return broker.bootstrapServers();
  }

  Topics topics() {
    return topics;
  }

  /**
   * How the models' dynamic batchers ran in this run, e.g. "dynamic batching: m 300 frames in 120
   * batches (2.50 per session.run)"; empty when no model batches.
   */
  Optional<String> batching() {
    List<String> models =
        this.models.lineup().all().stream()
            .filter(model -> model.batcher().batching())
            .map(
                model -> {
                  long frames = model.batcher().frames();
                  long batches = model.batcher().batches();
                  return String.format(
                      Locale.ROOT,
                      "%s %d frames in %d batches (%.2f per session.run)",
                      model.id(),
                      frames,
                      batches,
                      batches == 0 ? 0.0 : (double) frames / batches);
                })
            .toList();
    return models.isEmpty()
        ? Optional.empty()
        : Optional.of("dynamic batching: " + String.join("; ", models));
  }

  /** Partitions of every service topic (depthstream.topic-provisioning.partitions). */
  int partitions() {
    return partitions;
  }

  DepthstreamConfig config() {
    return config;
  }

  /**
   * A publisher to the service's input topics, set up as {@code publish} sets up its own; with
   * {@code immediate} every record leaves at once (no linger), for timing single frames.
   */
  FleetPublisher publisher(boolean immediate) {
    Properties p =
        FleetPublisher.producerProperties(
            broker.bootstrapServers(), config.kafka().maxRecordBytes());
    if (immediate) {
      p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    }
    // Not idempotent, one request in flight: per-partition order still holds, and a retry after
    // a partition that was not ready cannot leave the producer stuck on sequence numbers. An
    // idempotent publisher to a broker started seconds before expired a LiDAR batch after 120 s
    // of OUT_OF_ORDER_SEQUENCE_NUMBER retries (PipelineBenchIntegrationTest, loaded machine); the
    // provisioner now waits until created topics take writes (PartitionReadiness), and this stays
    // as a second guard. The publishing is never timed, so its speed does not matter.
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    Map<FleetTopic, String> names = new EnumMap<>(FleetTopic.class);
    names.put(FleetTopic.FRAMES, topics.frames().name());
    names.put(FleetTopic.SCANS, topics.scans().name());
    names.put(FleetTopic.CALIBRATION, topics.calibration().name());
    return new FleetPublisher(new KafkaProducer<>(p), names);
  }

  /** Every topic's size on the broker now. */
  Map<String, Long> topicSizes() {
    return TopicSizes.read(admin);
  }

  /** Builds the service topology and starts Kafka Streams on it. */
  void startStreams() {
    SimpleMeterRegistry gaugeRegistry = new SimpleMeterRegistry();
    TopologyProducer producer =
        new TopologyProducer(
            config,
            topics,
            models,
            // As the service builds it (ModelsProducer), without automatic promotion: a benchmark
            // must not change its champion midway.
            new ComparisonBoard(config.metrics().maxVehicleLabels(), 360, Optional.empty()),
            metrics,
            new WindowGauges(
                gaugeRegistry,
                config.metrics().maxVehicleLabels(),
                config.metrics().maxModelLabels()),
            Clock.systemUTC(),
            new InferenceHealth(
                config.health().inferenceWindow(), config.health().inferenceFailureRatio()));
    KafkaStreams started = new KafkaStreams(producer.build(), streamsProperties);
    streams = started;
    streams.setUncaughtExceptionHandler(StreamThreadFailures.defaults());
    streams.setStateListener(
        (now, before) -> {
          if (streams != started) {
            return; // the first start's instance, closed
          }
          if (now == KafkaStreams.State.RUNNING && runningNanos == 0) {
            runningNanos = System.nanoTime();
          }
          state = now;
        });
    startNanos = System.nanoTime();
    streams.start();
  }

  /**
   * Starts Kafka Streams on the service's still empty topics and closes it once it is RUNNING, so
   * that a drain afterwards times a service starting onto a backlog on topics it has run on before,
   * as any start of the service does (without its task directories, below). The very first start of
   * an application id is different: Kafka Streams creates its repartition and changelog topics
   * inside the first rebalance, and when they reach the consumers' metadata ("cached metadata has
   * changed") the group rebalances once more. Where that second rebalance came after the stream
   * threads had taken work it held them for seconds inside the timed window: 7 of 37 three-camera
   * drains reached RUNNING only after 9.5-11.9 s and delivered 55-75 frames/s (BENCHMARKS.md,
   * twenty-first run).
   */
  void firstStart(Duration timeout) {
    startStreams();
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (runningNanos == 0) {
        String failure = failure();
        if (failure != null) {
          throw new IllegalStateException("first start on empty topics: " + failure);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "first start on empty topics: Kafka Streams not RUNNING after "
                  + timeout.toSeconds()
                  + " s");
        }
        Thread.sleep(20);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during the first start", e);
    } finally {
      firstStartSeconds = secondsToRunning();
      KafkaStreams closed = streams;
      closed.close(CLOSE_TIMEOUT);
      // Kafka Streams' consumers do not leave their group on close (a restarting instance takes
      // its tasks back without a rebalance): the restart would wait out their session timeout.
      removeGroupMembers();
      // The restart starts without the first start's task directories, as the service does
      // (StateDirectoryReset, with the same LocalTaskState.clear): kept, Kafka Streams 4.1 gave
      // its first stream thread all three frame tasks and the 3-camera drain left half a core idle
      // (BENCHMARKS.md, twenty-second run).
      LocalTaskState.clear(applicationDirectory());
      streams = null;
      runningNanos = 0;
      state = KafkaStreams.State.CREATED;
    }
  }

  /** Where Kafka Streams keeps this run's tasks: state.dir/application.id. */
  Path applicationDirectory() {
    return LocalTaskState.applicationDirectory(
        Path.of(streamsProperties.getProperty(StreamsConfig.STATE_DIR_CONFIG)),
        streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
  }

  private void removeGroupMembers() {
    String group = streamsProperties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
    try {
      admin
          .removeMembersFromConsumerGroup(group, new RemoveMembersFromConsumerGroupOptions())
          .all()
          .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while emptying group " + group, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "cannot remove the closed members of group " + group + ": " + e.getMessage(), e);
    }
  }

  /**
   * How many camera-frame tasks each stream thread runs now, e.g. "1, 1, 1" (largest first): the
   * model runs on the stream thread of a frame's task, so "3, 0, 0" means one thread does every
   * camera's inference while the others wait.
   */
  String frameTasksPerThread() {
    String frames = topics.frames().name();
    return streams.metadataForLocalThreads().stream()
        .map(
            thread ->
                thread.activeTasks().stream()
                    .filter(
                        task ->
                            task.topicPartitions().stream().anyMatch(p -> p.topic().equals(frames)))
                    .count())
        .sorted(Comparator.reverseOrder())
        .map(String::valueOf)
        .collect(Collectors.joining(", "));
  }

  /** Seconds the {@link #firstStart} took to RUNNING; 0 if there was none. */
  double firstStartSeconds() {
    return firstStartSeconds;
  }

  /** Seconds from {@link #startStreams()} to the first RUNNING state; 0 before. */
  double secondsToRunning() {
    return runningNanos == 0 ? 0 : (runningNanos - startNanos) / 1e9;
  }

  /** Why Kafka Streams can no longer produce output, or null while it can. */
  String failure() {
    KafkaStreams.State now = state;
    return switch (now) {
      case ERROR, PENDING_ERROR, PENDING_SHUTDOWN, NOT_RUNNING ->
          "Kafka Streams went to " + now + " (see the log above)";
      default -> null;
    };
  }

  /**
   * Why the output a benchmark waits for may never come, or null while it can: Kafka Streams
   * stopped, or a record of the benchmark's own traffic was dead-lettered.
   */
  String whyNoOutput() {
    String failure = failure();
    Map<String, Long> letters = deadLetters();
    if (failure == null && !letters.isEmpty()) {
      failure = "the service dead-lettered records " + letters;
    }
    return failure;
  }

  /** Records the service wrote to its dead-letter topic so far, by reason and source topic. */
  Map<String, Long> deadLetters() {
    Map<String, Long> byReason = new TreeMap<>();
    for (Counter c : metrics.registry().find(MeterNames.DLQ).counters()) {
      byReason.merge(
          c.getId().getTag("reason") + " (" + c.getId().getTag("topic") + ")",
          (long) c.count(),
          Long::sum);
    }
    return byReason;
  }

  /** Depth maps the service could not score so far, by reason. */
  Map<String, Long> framesUnscored() {
    Map<String, Long> byReason = new TreeMap<>();
    for (Counter c : metrics.registry().find(MeterNames.FRAMES_UNSCORED).counters()) {
      byReason.merge(c.getId().getTag("reason"), (long) c.count(), Long::sum);
    }
    return byReason;
  }

  /** Depth maps the service scored against ground truth so far. */
  long framesScored() {
    return (long) metrics.registry().get(MeterNames.FRAMES_SCORED).counter().count();
  }

  @Override
  public void close() {
    try {
      if (streams != null) {
        streams.close(CLOSE_TIMEOUT);
      }
    } finally {
      models.lineup().all().forEach(ServingModel::stopBatching);
      admin.close(ADMIN_TIMEOUT);
      broker.close();
      deleteQuietly(stateDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // a temporary directory left behind is not worth failing the report for
    }
  }
}
