package io.depthstream.fleet;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.schemas.serde.AvroSerdes;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends {@link FleetRecord}s to their topics: Avro single-object values (AvroSerdes), string keys,
 * the capture time as the record timestamp. Sends are asynchronous; acknowledged records and bytes
 * are counted, and the first failure is kept so the command can report it.
 */
public final class FleetPublisher implements AutoCloseable {

  /**
   * Producer record limit: 16 MiB, like the service's broker and topics. Kafka's 1 MB default is
   * below a raw RGB8 frame of 640×480 with its headers and below a 64-beam LiDAR sweep (~2 MB).
   */
  public static final int DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024;

  private final Producer<String, byte[]> producer;
  private final Map<FleetTopic, String> topics;
  private final Serializer<CameraFrame> frames = AvroSerdes.cameraFrame().serializer();
  private final Serializer<GroundTruth> scans = AvroSerdes.groundTruth().serializer();
  private final Serializer<SensorCalibration> calibrations =
      AvroSerdes.sensorCalibration().serializer();
  private final Map<FleetTopic, AtomicLong> acked = new EnumMap<>(FleetTopic.class);
  private final AtomicLong ackedBytes = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public FleetPublisher(Producer<String, byte[]> producer, Map<FleetTopic, String> topics) {
    this.producer = producer;
    this.topics = new EnumMap<>(topics);
    for (FleetTopic t : FleetTopic.values()) {
      acked.put(t, new AtomicLong());
    }
  }

  /** Producer settings for {@code bootstrap}: idempotent, acks=all, large records allowed. */
  public static Properties producerProperties(String bootstrap, int maxRequestBytes) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "depthstream-publish");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRequestBytes);
    // Room for several big frames in flight; JPEG and PNG do not compress further.
    p.put(ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(64L * 1024 * 1024, 4L * maxRequestBytes));
    p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    return p;
  }

  /** The topic name {@code topic} is published to. */
  public String topicName(FleetTopic topic) {
    return topics.get(topic);
  }

  /** Serializes and sends {@code record}; returns the bytes handed to the producer. */
  public int send(FleetRecord record) {
    String topic = topics.get(record.topic());
    byte[] value = serialize(topic, record);
    int size = value.length + record.key().getBytes(StandardCharsets.UTF_8).length;
    producer.send(
        new ProducerRecord<>(topic, null, record.timestampMillis(), record.key(), value),
        (metadata, exception) -> {
          if (exception != null) {
            failure.compareAndSet(null, exception);
          } else {
            acked.get(record.topic()).incrementAndGet();
            ackedBytes.addAndGet(size);
          }
        });
    return size;
  }

  private byte[] serialize(String topic, FleetRecord record) {
    return switch (record.topic()) {
      case FRAMES -> frames.serialize(topic, (CameraFrame) record.value());
      case SCANS -> scans.serialize(topic, (GroundTruth) record.value());
      case CALIBRATION -> calibrations.serialize(topic, (SensorCalibration) record.value());
    };
  }

  /** Waits until every record sent so far is acknowledged or failed. */
  public void flush() {
    producer.flush();
  }

  /** The first send that failed, if any. */
  public Exception failure() {
    return failure.get();
  }

  public long acknowledged(FleetTopic topic) {
    return acked.get(topic).get();
  }

  public long acknowledgedBytes() {
    return ackedBytes.get();
  }

  @Override
  public void close() {
    producer.close();
  }
}
