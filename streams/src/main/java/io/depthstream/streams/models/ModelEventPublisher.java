package io.depthstream.streams.models;

import io.depthstream.schemas.ModelEvent;
import io.depthstream.schemas.ModelEventKind;
import io.depthstream.schemas.serde.AvroSerdes;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every change of champion made on this replica to the compacted {@code
 * depth.models.events} topic. Promotions (an operator's or the rule's) are keyed {@value #KEY}, so
 * that compaction keeps the last promotion, which every replica follows ({@link
 * ModelEventFollower}) and replays when it starts; hot reloads are keyed {@value #RELOAD_KEY}, so a
 * reload after a promotion cannot compact the promotion away. The log until compaction keeps the
 * history. Sent outside Kafka Streams' transactions: a promotion is an operator's act, not the
 * result of a record, and must be on record even if no frame arrives after it.
 */
public final class ModelEventPublisher implements Consumer<ModelChange>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelEventPublisher.class);

  /** The key of promotions: compaction keeps the last one, the champion the fleet follows. */
  public static final String KEY = "champion";

  /** The key of hot reloads, which replicas do not follow (each watches its own disk). */
  public static final String RELOAD_KEY = "reloaded";

  /** The key an event of this kind is published under. */
  public static String key(ModelEventKind kind) {
    return kind == ModelEventKind.RELOADED ? RELOAD_KEY : KEY;
  }

  private final Producer<String, ModelEvent> producer;
  private final String topic;

  public ModelEventPublisher(Producer<String, ModelEvent> producer, String topic) {
    this.producer = producer;
    this.topic = topic;
  }

  /** A publisher with its own idempotent producer on the service's Kafka connection. */
  public static ModelEventPublisher connect(Map<String, Object> clientProperties, String topic) {
    Map<String, Object> properties = new HashMap<>(clientProperties);
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    properties.put(ProducerConfig.CLIENT_ID_CONFIG, "depthstream-model-events");
    return new ModelEventPublisher(
        new KafkaProducer<>(
            properties, new StringSerializer(), AvroSerdes.modelEvent().serializer()),
        topic);
  }

  @Override
  public void accept(ModelChange change) {
    producer.send(
        new ProducerRecord<>(
            topic, null, change.time().toEpochMilli(), key(change.kind()), change.toEvent()),
        (metadata, error) -> {
          if (error != null) {
            LOG.warn(
                "could not publish to {} ({}); the change took effect: {}",
                topic,
                error.toString(),
                change.describe());
          }
        });
  }

  @Override
  public void close() {
    producer.close(java.time.Duration.ofSeconds(5));
  }
}
