package io.depthstream.streams.models;

import io.depthstream.schemas.ModelEvent;
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
 * Publishes every change of champion to the compacted {@code depth.models.events} topic, keyed
 * {@value #KEY} so that compaction keeps the newest champion and the log until then keeps the
 * history. Sent outside Kafka Streams' transactions: a promotion is an operator's act, not the
 * result of a record, and must be on record even if no frame arrives after it.
 */
public final class ModelEventPublisher implements Consumer<ModelChange>, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelEventPublisher.class);

  /** The one key of the topic. */
  public static final String KEY = "champion";

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
        new ProducerRecord<>(topic, null, change.time().toEpochMilli(), KEY, change.toEvent()),
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
