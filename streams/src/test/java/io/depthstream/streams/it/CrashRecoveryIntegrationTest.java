package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.TopicProvisioner;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.kafka.ServiceTopics;
import io.depthstream.streams.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service crashing for real: instances run in JVMs of their own and are killed with SIGKILL (no
 * shutdown hook, no clean close, no last commit) while vehicles keep publishing frames and LiDAR
 * ground truth. With exactly_once_v2, a reader with read_committed still sees every frame's depth
 * map once and every frame's score once, whether the replacement starts on the dead instance's
 * local state, on none, or a surviving instance of the group takes the dead one's cameras over; and
 * each camera's depth maps stay in capture order. Kafka's own StreamsEosTest failure-and-recovery
 * case, at this service's scale.
 *
 * <p>Child logs are kept under {@code <build dir>/crash-recovery/<test>/}.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class CrashRecoveryIntegrationTest {

  private static final Logger LOG = LoggerFactory.getLogger(CrashRecoveryIntegrationTest.class);

  /**
   * Generous freshness: frames wait out a dead instance's session and transaction. Generous grace:
   * this test is about exactly-once across a kill, not about late scans. On a loaded 2-core box a
   * task can read a camera's frames seconds ahead of the scans sent with them (max.task.idle gives
   * up after 500 ms), and with the shipped 2 s grace a scan 2.26 s behind stream time was
   * dead-lettered as late-ground-truth in a full-suite run with a build beside it. Lateness has its
   * own tests (HostileRecordsTopologyTest, NearestMatchTopologyTest).
   */
  private static final Map<String, String> OVERRIDES =
      Map.of("depthstream.freshness.max-frame-age", "10m", "depthstream.join.grace", "10s");

  /*
   * A survivor takes a dead instance's partitions over, and a restart without its state directory
   * gets going, only once the broker has aborted the transaction the dead one left open: after
   * transaction.timeout.ms, 10 s as shipped (application.properties); the tests keep that and log
   * how long each took.
   */

  private static final DepthstreamConfig CONFIG = TestConfig.load(OVERRIDES);
  private static final Topics TOPICS = Topics.from(CONFIG.topics());
  private static final int PARTITIONS = 3;
  private static final int FRAMES_PER_VEHICLE = 50;
  private static final Duration TICK = Duration.ofMillis(250);

  /** The last frames are scored once stream time passes them by join window and grace. */
  private static final Duration CLOSING_DELAY =
      CONFIG.join().window().plus(CONFIG.join().grace()).plusSeconds(1);

  /** For a slow 2-core CI box; nothing here should take more than a fraction of it. */
  private static final Duration DEADLINE = Duration.ofSeconds(180);

  /** How long to wait for a moment when the instance to kill has a transaction open. */
  private static final Duration OPEN_TRANSACTION_WAIT = Duration.ofSeconds(10);

  /** How long to keep reading after the last expected record, so a late duplicate would show. */
  private static final Duration SETTLE = Duration.ofSeconds(3);

  @TempDir Path temp;

  private final List<ServiceProcess> instances = new ArrayList<>();
  private EmbeddedKafkaBroker broker;
  private String bootstrap;
  private Path modelBundle;
  private Path logs;

  @BeforeAll
  static void quiet() {
    QuietKafkaLogs.apply();
  }

  @BeforeEach
  void startBroker(TestInfo test) throws Exception {
    logs =
        Path.of(
            System.getProperty("ds.buildDir", "target"),
            "crash-recovery",
            test.getTestMethod().orElseThrow().getName());
    modelBundle = OnnxTestModels.greyToDepthBundle(temp.resolve("model")).directory();
    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
    bootstrap = broker.bootstrapServers();
    try (Admin admin = KafkaClients.admin(bootstrap)) {
      new TopicProvisioner(admin, Duration.ofSeconds(30))
          .ensure(ServiceTopics.specs(TOPICS, PARTITIONS, broker.maxMessageBytes()));
    }
  }

  /** Every child dies here, whatever the test did; then the broker stops. */
  @AfterEach
  void stopEverything() {
    try {
      instances.forEach(ServiceProcess::close);
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
  }

  /**
   * The replacement opens the dead instance's state directory, so it has the same process id and
   * transactional id: starting up fences the dead producer and aborts its open transaction.
   */
  @Test
  void aServiceKilledMidStreamAndRestartedOnItsStateCommitsEveryFrameOnce() throws Exception {
    killMidStreamAndRestart("crash-keeps-state", true);
  }

  /**
   * The replacement starts on an empty state directory (a new machine or a pod without a volume):
   * it restores every store from its changelog, and with a new transactional id it must wait until
   * the broker times out the dead instance's open transaction. That wait is what gets logged.
   */
  @Test
  void aServiceKilledMidStreamAndRestartedWithoutStateCommitsEveryFrameOnce() throws Exception {
    killMidStreamAndRestart("crash-loses-state", false);
  }

  /**
   * Two instances of one application share six cameras over three partitions; one is killed
   * mid-stream and the survivor takes its partitions over, with their pending frames.
   */
  @Test
  void theSurvivorTakesOverAKilledInstancesCamerasInOrderAndExactlyOnce() throws Exception {
    String application = "crash-shared";
    List<String> fleet = ServiceTraffic.vehiclesOnEveryPartition(application, PARTITIONS, 2);
    ServiceProcess east = start("east", application, temp.resolve("state-east"), OVERRIDES);
    ServiceProcess west = start("west", application, temp.resolve("state-west"), OVERRIDES);
    awaitCamerasSplit(east, west);
    try (Admin admin = KafkaClients.admin(bootstrap);
        CommittedReader<DepthMap> maps = CommittedReader.open(bootstrap, TOPICS.depthMaps());
        CommittedReader<FrameMetrics> scores =
            CommittedReader.open(bootstrap, TOPICS.metricsFrames());
        FleetTraffic traffic =
            FleetTraffic.start(bootstrap, TOPICS, fleet, FRAMES_PER_VEHICLE, TICK, CLOSING_DELAY)) {
      maps.awaitUntil(
          read -> everyVehicleHasAtLeast(read, fleet, 2), DEADLINE, healthy(traffic, east, west));
      Set<Integer> eastPartitions = framePartitions(east);
      ServiceProcess victim = eastPartitions.size() >= 2 ? east : west;
      ServiceProcess survivor = victim == east ? west : east;
      Set<Integer> victimPartitions = victim == east ? eastPartitions : framePartitions(west);
      List<String> victimFleet =
          fleet.stream()
              .filter(
                  v ->
                      victimPartitions.contains(
                          ServiceTraffic.partitionOf(ServiceTraffic.cameraKey(v), PARTITIONS)))
              .toList();
      long leftOpen = killWhileATransactionIsOpen(victim, admin, victimPartitions);
      long victimMapsAtKill =
          maps.readCommittedSoFar(Duration.ofSeconds(30)).stream()
              .filter(m -> victimFleet.contains(m.getVehicleId()))
              .count();
      long killed = System.nanoTime();
      survivor.awaitPartitions(p -> framePartitions(p).size() == PARTITIONS, DEADLINE);
      LOG.info(
          "{} killed holding camera partitions {} ({} of {} of their depth maps committed, {} in"
              + " a transaction left open); {} runs all {} partitions after {} ms",
          victim.name(),
          victimPartitions,
          victimMapsAtKill,
          victimFleet.size() * FRAMES_PER_VEHICLE,
          leftOpen,
          survivor.name(),
          PARTITIONS,
          millisSince(killed));

      traffic.awaitSent(DEADLINE);
      List<DepthMap> allMaps = readAll(maps, traffic.frames(), healthy(traffic, survivor));
      List<FrameMetrics> allScores = readAll(scores, traffic.frames(), healthy(traffic, survivor));

      assertThat(victimPartitions).as("the instance killed held camera partitions").isNotEmpty();
      assertThat(victimMapsAtKill)
          .as("%s must die mid-stream for this test to mean anything", victim.name())
          .isPositive()
          .isLessThan(victimFleet.size() * FRAMES_PER_VEHICLE);
      assertEveryFrameOnce(fleet, allMaps, allScores, survivor);
      for (String vehicle : fleet) {
        assertThat(
                allMaps.stream()
                    .filter(m -> m.getVehicleId().equals(vehicle))
                    .map(DepthMap::getSequence))
            .as("depth maps of %s in the order read from its partition", vehicle)
            .containsExactlyElementsOf(sequences());
      }
    }
  }

  /**
   * One instance is killed once some depth maps are committed; a new one starts on the dead one's
   * state directory or on an empty one. Logs how long the new instance took to run and to commit.
   */
  private void killMidStreamAndRestart(String application, boolean keepState) throws Exception {
    List<String> fleet = ServiceTraffic.vehiclesOnEveryPartition(application, PARTITIONS, 1);
    Path firstState = temp.resolve("state-first");
    ServiceProcess first = start("first", application, firstState, OVERRIDES);
    first.awaitRunning(DEADLINE);
    try (Admin admin = KafkaClients.admin(bootstrap);
        CommittedReader<DepthMap> maps = CommittedReader.open(bootstrap, TOPICS.depthMaps());
        CommittedReader<FrameMetrics> scores =
            CommittedReader.open(bootstrap, TOPICS.metricsFrames());
        FleetTraffic traffic =
            FleetTraffic.start(bootstrap, TOPICS, fleet, FRAMES_PER_VEHICLE, TICK, CLOSING_DELAY)) {
      maps.awaitUntil(
          read -> everyVehicleHasAtLeast(read, fleet, 2), DEADLINE, healthy(traffic, first));
      long leftOpen = killWhileATransactionIsOpen(first, admin, allPartitions());
      int committedAtKill = maps.readCommittedSoFar(Duration.ofSeconds(30)).size();

      long restarted = System.nanoTime();
      ServiceProcess second =
          start(
              "second",
              application,
              keepState ? firstState : temp.resolve("state-second"),
              OVERRIDES);
      Duration toRunning = second.awaitRunning(DEADLINE);
      int firstNew = committedAtKill + 1;
      boolean committedAgain =
          maps.awaitAtLeast(firstNew, DEADLINE, healthy(traffic, second)).size() >= firstNew;
      long toFirstMap = millisSince(restarted);
      LOG.info(
          "restart {} local state: RUNNING after {} ms, first new committed depth map after {} ms"
              + " ({} of {} depth maps were committed when the first instance was killed, {} in a"
              + " transaction left open; transaction.timeout.ms {})",
          keepState ? "with" : "without",
          toRunning.toMillis(),
          committedAgain ? toFirstMap : "more than " + toFirstMap,
          committedAtKill,
          traffic.frames(),
          leftOpen,
          TestConfig.kafkaStreams(OVERRIDES).getProperty("producer.transaction.timeout.ms"));

      traffic.awaitSent(DEADLINE);
      List<DepthMap> allMaps = readAll(maps, traffic.frames(), healthy(traffic, second));
      List<FrameMetrics> allScores = readAll(scores, traffic.frames(), healthy(traffic, second));

      assertThat(committedAtKill)
          .as("the first instance must die mid-stream for this test to mean anything")
          .isPositive()
          .isLessThan(traffic.frames());
      assertEveryFrameOnce(fleet, allMaps, allScores, second);
    }
  }

  /**
   * Kills {@code instance} as soon as depth maps on {@code partitions} sit in a transaction not yet
   * committed, so that the crash leaves one for the broker to abort (waiting at most {@link
   * #OPEN_TRANSACTION_WAIT}; a commit can still slip in between look and kill). Returns the depth
   * maps left in open transactions once it is dead.
   */
  private static long killWhileATransactionIsOpen(
      ServiceProcess instance, Admin admin, Set<Integer> partitions) throws Exception {
    String depthMaps = TOPICS.depthMaps().name();
    long end = System.nanoTime() + OPEN_TRANSACTION_WAIT.toNanos();
    while (KafkaClients.recordsInOpenTransactions(admin, depthMaps, partitions) == 0
        && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    instance.kill();
    return KafkaClients.recordsInOpenTransactions(admin, depthMaps, partitions);
  }

  private static Set<Integer> allPartitions() {
    return IntStream.range(0, PARTITIONS).boxed().collect(Collectors.toSet());
  }

  private ServiceProcess start(
      String name, String application, Path stateDir, Map<String, String> overrides)
      throws Exception {
    ServiceProcess instance =
        ServiceProcess.start(name, bootstrap, application, stateDir, modelBundle, logs, overrides);
    instances.add(instance);
    return instance;
  }

  /** Waits until both instances run, each with some camera partitions, none with the same. */
  private void awaitCamerasSplit(ServiceProcess east, ServiceProcess west) throws Exception {
    east.awaitRunning(DEADLINE);
    west.awaitRunning(DEADLINE);
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!split(east.runningPartitions(), west.runningPartitions())) {
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            "east and west never split the camera partitions; east's output ends:\n"
                + east.logTail()
                + "\nwest's output ends:\n"
                + west.logTail());
      }
      Thread.sleep(100);
    }
  }

  private static boolean split(Optional<Set<String>> east, Optional<Set<String>> west) {
    if (east.isEmpty() || west.isEmpty()) {
      return false;
    }
    Set<Integer> eastFrames = framePartitions(east.get());
    Set<Integer> westFrames = framePartitions(west.get());
    Set<Integer> both = new TreeSet<>(eastFrames);
    both.addAll(westFrames);
    return !eastFrames.isEmpty()
        && !westFrames.isEmpty()
        && both.size() == PARTITIONS
        && eastFrames.size() + westFrames.size() == PARTITIONS;
  }

  private static Set<Integer> framePartitions(ServiceProcess instance) {
    return framePartitions(instance.awaitPartitions(p -> true, Duration.ofSeconds(30)));
  }

  /** The camera.frames partitions among an instance's input partitions ("topic-partition"). */
  private static Set<Integer> framePartitions(Set<String> inputPartitions) {
    String prefix = TOPICS.frames().name() + "-";
    return inputPartitions.stream()
        .filter(tp -> tp.startsWith(prefix))
        .map(tp -> Integer.parseInt(tp.substring(prefix.length())))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static boolean everyVehicleHasAtLeast(
      List<DepthMap> maps, List<String> fleet, int count) {
    Map<String, Long> perVehicle =
        maps.stream().collect(Collectors.groupingBy(DepthMap::getVehicleId, Collectors.counting()));
    return fleet.stream().allMatch(v -> perVehicle.getOrDefault(v, 0L) >= count);
  }

  /** All records once {@code expected} are there, and a little longer so a duplicate shows. */
  private static <V> List<V> readAll(
      CommittedReader<V> reader, int expected, Runnable stillWorthWaiting) {
    reader.awaitAtLeast(expected, DEADLINE, stillWorthWaiting);
    return reader.settle(SETTLE);
  }

  /** A check that throws once waiting is pointless: the fleet stopped or an instance died. */
  private static Runnable healthy(FleetTraffic traffic, ServiceProcess... writers) {
    return () -> {
      traffic.requireDriving();
      for (ServiceProcess writer : writers) {
        writer.requireAlive();
      }
    };
  }

  /** One depth map and one score, matched with its own ground truth, for every frame sent. */
  private void assertEveryFrameOnce(
      List<String> fleet, List<DepthMap> maps, List<FrameMetrics> scores, ServiceProcess last) {
    List<String> sent =
        fleet.stream().flatMap(v -> sequences().stream().map(s -> frameId(v, s))).toList();
    assertThat(maps.stream().map(m -> frameId(m.getVehicleId(), m.getSequence())))
        .as(() -> "one committed depth map per frame" + diagnosis(last))
        .containsExactlyInAnyOrderElementsOf(sent);
    assertThat(scores.stream().map(m -> frameId(m.getVehicleId(), m.getSequence())))
        .as(() -> "one committed score per frame" + diagnosis(last))
        .containsExactlyInAnyOrderElementsOf(sent);
    assertThat(scores)
        .as("every frame scored against the ground truth taken with it")
        .allSatisfy(m -> assertThat(m.getGroundTruthOffsetMs()).isZero());
  }

  /**
   * The dead letters (aborted ones too), every instance's errors and the end of the last one's
   * output; the whole outputs stay in {@link #logs}.
   */
  private String diagnosis(ServiceProcess last) {
    StringBuilder diagnosis =
        new StringBuilder("; dead letters, aborted ones included: ")
            .append(ServiceTraffic.deadLetters(bootstrap, TOPICS.dlq().name()));
    for (ServiceProcess instance : instances) {
      diagnosis
          .append("\n")
          .append(instance.name())
          .append("'s errors:\n")
          .append(instance.errors());
    }
    return diagnosis
        .append("\n")
        .append(last.name())
        .append("'s output ends:\n")
        .append(last.logTail())
        .toString();
  }

  private static List<Long> sequences() {
    return LongStream.range(0, FRAMES_PER_VEHICLE).boxed().toList();
  }

  private static String frameId(String vehicle, long sequence) {
    return vehicle + "#" + sequence;
  }

  private static long millisSince(long nanoTime) {
    return (System.nanoTime() - nanoTime) / 1_000_000;
  }
}
