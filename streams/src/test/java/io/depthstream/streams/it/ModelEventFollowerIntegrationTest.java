package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.TopicProvisioner;
import io.depthstream.broker.TopicSpec;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import io.depthstream.schemas.ModelEvent;
import io.depthstream.schemas.ModelEventKind;
import io.depthstream.schemas.serde.AvroSerdes;
import io.depthstream.streams.models.AdminToken;
import io.depthstream.streams.models.ChallengerSampling;
import io.depthstream.streams.models.ComparisonBoard;
import io.depthstream.streams.models.ModelCatalog;
import io.depthstream.streams.models.ModelChange;
import io.depthstream.streams.models.ModelEventFollower;
import io.depthstream.streams.models.ModelEventPublisher;
import io.depthstream.streams.models.ModelLoader;
import io.depthstream.streams.models.ModelsResource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promotion without a restart (issue 13): replicas of one service, each a {@link ModelCatalog} with
 * its {@link ModelEventPublisher} and {@link ModelEventFollower} on a real broker. A promotion on
 * one replica through the API's path reaches the others without being published again; a replica
 * started afterwards replays the topic and starts with the promoted champion; a promotion of a
 * model a replica has not loaded leaves it unchanged.
 */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ModelEventFollowerIntegrationTest {

  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private static final Duration REPLAY = Duration.ofSeconds(15);
  private static final String TOKEN = "follower-test-token";

  private static EmbeddedKafkaBroker broker;

  @TempDir Path temp;

  private final List<AutoCloseable> closing = new ArrayList<>();

  @BeforeAll
  static void startBroker() {
    QuietKafkaLogs.apply();
    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
    }
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closing.size() - 1; i >= 0; i--) {
      closing.get(i).close();
    }
  }

  /** One replica: its catalog, publisher and follower, wired as ModelsProducer wires them. */
  private record Replica(
      ModelCatalog catalog, ModelEventPublisher publisher, ModelEventFollower follower) {}

  private static ModelBundle bundle(Path directory, String id, float gain) {
    return OnnxTestModels.writeBundle(
        directory,
        id,
        MeanModel.of(gain, 0f, 8, 8),
        8,
        8,
        new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0));
  }

  private Map<String, Object> clientProperties() {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
  }

  private String topic() throws Exception {
    String topic = "depth.models.events." + UUID.randomUUID();
    try (Admin admin = KafkaClients.admin(broker.bootstrapServers())) {
      // Several partitions: the follower must read them all, and promotions share one.
      new TopicProvisioner(admin, Duration.ofSeconds(30))
          .ensure(List.of(TopicSpec.of(topic, 3).compacted()));
      KafkaClients.awaitTopics(admin, List.of(topic));
    }
    return topic;
  }

  private Replica replica(String instance, String topic, Path champion, Path... challengers) {
    ModelLoader loader = new ModelLoader(EngineOptions.defaults().withDevice(DeviceChoice.CPU));
    ModelCatalog catalog =
        new ModelCatalog(
            loader.open(ModelLoader.load(champion, "champion")),
            java.util.Arrays.stream(challengers)
                .map(d -> loader.open(ModelLoader.load(d, "challenger")))
                .toList(),
            new ChallengerSampling(1.0),
            Clock.systemUTC(),
            instance);
    closing.add(catalog);
    ModelEventPublisher publisher = ModelEventPublisher.connect(clientProperties(), topic);
    closing.add(publisher);
    catalog.onOwnChange(publisher);
    ModelEventFollower follower =
        ModelEventFollower.start(clientProperties(), topic, catalog, REPLAY);
    closing.add(follower);
    return new Replica(catalog, publisher, follower);
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long end = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("within %s: %s", DEADLINE, what).isLessThan(end);
      Thread.sleep(50);
    }
  }

  /** Every record of the topic up to its end offsets now, in each partition's order. */
  private static List<ConsumerRecord<String, ModelEvent>> records(String topic) {
    Map<String, Object> properties =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            "read_committed",
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    List<ConsumerRecord<String, ModelEvent>> records = new ArrayList<>();
    try (KafkaConsumer<String, ModelEvent> consumer =
        new KafkaConsumer<>(
            properties, new StringDeserializer(), AvroSerdes.modelEvent().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        assertThat(System.nanoTime()).as("reading %s", topic).isLessThan(deadline);
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  private static List<ConsumerRecord<String, ModelEvent>> promotions(String topic) {
    return records(topic).stream()
        .filter(
            r ->
                r.value().getKind() == ModelEventKind.PROMOTED
                    || r.value().getKind() == ModelEventKind.AUTO_PROMOTED)
        .toList();
  }

  @Test
  void promotionOnOneReplicaReachesTheOthersOnceAndSurvivesARestart() throws Exception {
    String topic = topic();
    Path champion = temp.resolve("champion");
    Path challenger = temp.resolve("challenger");
    bundle(champion, "grey-a", 10f);
    bundle(challenger, "grey-b", 8f);
    Replica a = replica("replica-a", topic, champion, challenger);
    Replica b = replica("replica-b", topic, champion, challenger);
    assertThat(a.catalog().champion().id()).isEqualTo("grey-a");
    assertThat(b.catalog().champion().id()).isEqualTo("grey-a");

    // The API's path on replica A: POST /api/models/grey-b/promote with the admin token.
    ModelsResource api =
        new ModelsResource(
            a.catalog(),
            new ComparisonBoard(10, 10, Optional.empty()),
            new AdminToken(Optional.of(TOKEN)));
    assertThat(api.promote("grey-b", "Bearer " + TOKEN, null, "sharper at night").getStatus())
        .isEqualTo(200);
    assertThat(a.catalog().champion().id()).isEqualTo("grey-b");

    // Wait on the read count, not the champion: the follower counts an event after applying it,
    // so the champion switches a moment before followed() moves (CI once read it in between).
    await("replica B read A's promotion", () -> b.follower().promotionsRead() == 1);
    assertThat(b.catalog().champion().id()).as("B follows A's promotion").isEqualTo("grey-b");
    assertThat(b.catalog().lineup().challengers())
        .extracting(m -> m.id())
        .containsExactly("grey-a");
    assertThat(b.follower().followed()).isEqualTo(1);
    await("replica A read its own event back", () -> a.follower().promotionsRead() == 1);
    assertThat(a.follower().followed()).as("A was already on grey-b").isZero();

    // A hot reload on A is published under its own key and followed by nobody.
    a.publisher()
        .accept(
            new ModelChange(
                ModelEventKind.RELOADED,
                Instant.now(),
                "bundle-watcher",
                "grey-b 1.0.0 -> 1.0.0 (test)",
                "replica-a",
                "grey-b",
                "1.0.0",
                "grey-b",
                "1.0.0"));
    // Flush both publishers: anything B would have echoed is on the topic after this.
    a.publisher().close();
    b.publisher().close();

    List<ConsumerRecord<String, ModelEvent>> all = records(topic);
    List<ConsumerRecord<String, ModelEvent>> promoted = promotions(topic);
    assertThat(promoted).as("B published nothing: one promotion, A's").hasSize(1);
    ConsumerRecord<String, ModelEvent> event = promoted.get(0);
    assertThat(event.key()).isEqualTo(ModelEventPublisher.KEY);
    assertThat(event.value().getKind()).isEqualTo(ModelEventKind.PROMOTED);
    assertThat(event.value().getInstance()).isEqualTo("replica-a");
    assertThat(event.value().getNewModelId()).isEqualTo("grey-b");
    assertThat(event.value().getReason()).isEqualTo("sharper at night");
    assertThat(all).hasSize(2);
    assertThat(all)
        .filteredOn(r -> r.value().getKind() == ModelEventKind.RELOADED)
        .extracting(ConsumerRecord::key)
        .containsExactly(ModelEventPublisher.RELOAD_KEY);

    // A restarted replica (configured with grey-a as champion) replays the topic at startup.
    Replica c = replica("replica-c", topic, champion, challenger);
    assertThat(c.catalog().champion().id())
        .as("the last promotion wins after a restart")
        .isEqualTo("grey-b");
    assertThat(c.catalog().lineup().challengers())
        .extracting(m -> m.id())
        .containsExactly("grey-a");
    c.publisher().close();
    assertThat(promotions(topic)).as("the restarted replica published nothing").hasSize(1);

    // A rollback on B reaches A and C.
    ModelEventPublisher again = ModelEventPublisher.connect(clientProperties(), topic);
    closing.add(again);
    b.catalog().onOwnChange(again);
    b.catalog().promote("grey-a", ModelEventKind.PROMOTED, "admin", "rollback");
    await("A follows B's rollback", () -> a.catalog().champion().id().equals("grey-a"));
    await("C follows B's rollback", () -> c.catalog().champion().id().equals("grey-a"));
  }

  @Test
  void promotionOfAModelThisReplicaHasNotLoadedLeavesItUnchanged() throws Exception {
    String topic = topic();
    Path champion = temp.resolve("champion");
    Path challenger = temp.resolve("challenger");
    bundle(champion, "grey-a", 10f);
    bundle(challenger, "grey-b", 8f);
    Replica live = replica("replica-live", topic, champion, challenger);

    ModelEvent unknown =
        new ModelChange(
                ModelEventKind.AUTO_PROMOTED,
                Instant.now(),
                "rule abs_rel:0.01:100",
                "grey-z is better",
                "replica-elsewhere",
                "grey-a",
                "1.0.0",
                "grey-z",
                "3.0.0")
            .toEvent();
    Map<String, Object> properties =
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
    try (KafkaProducer<String, ModelEvent> producer =
        new KafkaProducer<>(
            properties, new StringSerializer(), AvroSerdes.modelEvent().serializer())) {
      producer.send(new ProducerRecord<>(topic, ModelEventPublisher.KEY, unknown)).get();
    }

    await("the live replica read the event", () -> live.follower().promotionsRead() == 1);
    assertThat(live.catalog().champion().id()).isEqualTo("grey-a");
    assertThat(live.catalog().lineup().challengers())
        .extracting(m -> m.id())
        .containsExactly("grey-b");
    assertThat(live.follower().followed()).isZero();

    Replica restarted = replica("replica-restarted", topic, champion, challenger);
    assertThat(restarted.follower().promotionsRead()).isEqualTo(1);
    assertThat(restarted.catalog().champion().id()).isEqualTo("grey-a");
    assertThat(restarted.follower().followed()).isZero();
    live.publisher().close();
    restarted.publisher().close();
    assertThat(records(topic)).as("nobody published anything").hasSize(1);
  }
}
