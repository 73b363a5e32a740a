package io.depthstream.streams.it;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.streams.topics.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Frames into the service and depth maps out of it, over a real broker, as a vehicle sees it.
 * Values go through the registry's serdes ({@link Topic}), the ones the service itself uses.
 */
final class ServiceTraffic {

  /** The one camera of every test vehicle. */
  static final String CAMERA = "cam0";

  private ServiceTraffic() {}

  /** A uniform grey RGB8 frame; the grey test model reads level v as 10·v/255 m everywhere. */
  static CameraFrame greyFrame(
      String vehicle, long sequence, int width, int height, int level, Instant captured) {
    byte[] rgb = new byte[width * height * 3];
    Arrays.fill(rgb, (byte) level);
    return CameraFrame.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId(CAMERA)
        .setSequence(sequence)
        .setCaptureTime(captured)
        .setEncoding(ImageEncoding.RGB8)
        .setWidth(width)
        .setHeight(height)
        .setData(ByteBuffer.wrap(rgb))
        .build();
  }

  /**
   * A depth-image ground truth of {@code vehicle}'s camera (already aligned with the camera, so no
   * calibration is needed): uniform {@code metres} over {@code width × height}, in millimetres.
   */
  static GroundTruth depthTruth(
      String vehicle, long sequence, Instant captured, int width, int height, double metres) {
    float[] depth = new float[width * height];
    Arrays.fill(depth, (float) metres);
    byte[] png =
        DepthPngCodec.encode(new DepthImage(width, height, depth), DepthPngCodec.MILLIMETRES);
    return GroundTruth.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId(CAMERA)
        .setSequence(sequence)
        .setCaptureTime(captured)
        .setKind(GroundTruthKind.DEPTH_IMAGE)
        .setPointStride(4)
        .setPoints(ByteBuffer.allocate(0))
        .setDepthPng(ByteBuffer.wrap(png))
        .setDepthScale(DepthPngCodec.MILLIMETRES)
        .build();
  }

  /** The record key of {@code vehicle}'s camera: vehicle/camera. */
  static String cameraKey(String vehicle) {
    return vehicle + "/" + CAMERA;
  }

  /** The partition a record keyed {@code key} lands on: Kafka's default partitioner's choice. */
  static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  /**
   * Vehicle ids {@code prefix-0}, {@code prefix-1}, ... picked so that the cameras ({@code
   * vehicle/cam0}) of exactly {@code perPartition} of them land on each of {@code partitions}
   * partitions: a fleet that spreads its work over every task.
   */
  static List<String> vehiclesOnEveryPartition(String prefix, int partitions, int perPartition) {
    int[] taken = new int[partitions];
    List<String> vehicles = new ArrayList<>();
    for (int i = 0; vehicles.size() < partitions * perPartition; i++) {
      String vehicle = prefix + "-" + i;
      int partition = partitionOf(cameraKey(vehicle), partitions);
      if (taken[partition] < perPartition) {
        taken[partition]++;
        vehicles.add(vehicle);
      }
    }
    return vehicles;
  }

  /** The record key the service expects: vehicle/camera. */
  static String key(CameraFrame frame) {
    return frame.getVehicleId() + "/" + frame.getCameraId();
  }

  static KafkaProducer<String, CameraFrame> frameProducer(
      String bootstrapServers, Topic<String, CameraFrame> topic) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, KafkaClients.MAX_REQUEST_BYTES);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), topic.valueSerde().serializer());
  }

  /** Sends {@code frames} keyed by camera, stamped with their capture time, and waits for acks. */
  static void send(
      String bootstrapServers, Topic<String, CameraFrame> topic, List<CameraFrame> frames)
      throws Exception {
    try (KafkaProducer<String, CameraFrame> producer = frameProducer(bootstrapServers, topic)) {
      for (CameraFrame frame : frames) {
        producer
            .send(
                new ProducerRecord<>(
                    topic.name(), null, frame.getCaptureTime().toEpochMilli(), key(frame), frame))
            .get();
      }
    }
  }

  /**
   * The committed depth maps on {@code topic} that match {@code wanted}, read from the start until
   * {@code expected} arrived or {@code deadline} passed, then a little longer so that a duplicate
   * would show.
   */
  static List<DepthMap> committedDepthMaps(
      String bootstrapServers,
      Topic<String, DepthMap> topic,
      Predicate<DepthMap> wanted,
      int expected,
      Duration deadline) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "it-maps-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, KafkaClients.MAX_REQUEST_BYTES);
    List<DepthMap> maps = new ArrayList<>();
    try (KafkaConsumer<String, DepthMap> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long end = System.nanoTime() + deadline.toNanos();
      while (maps.size() < expected && System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(250)).forEach(r -> keep(r.value(), wanted, maps));
      }
      consumer.poll(Duration.ofSeconds(1)).forEach(r -> keep(r.value(), wanted, maps));
    }
    return maps;
  }

  /** Each dead letter on {@code topic} as "key: header=value, ..." for failure messages. */
  static List<String> deadLetters(String bootstrapServers, String topic) {
    List<String> letters = new ArrayList<>();
    List<ConsumerRecord<String, byte[]>> records =
        KafkaClients.readAll(
            bootstrapServers, topic, "read_uncommitted", Integer.MAX_VALUE, Duration.ofSeconds(2));
    for (ConsumerRecord<String, byte[]> r : records) {
      StringBuilder line = new StringBuilder(String.valueOf(r.key())).append(':');
      r.headers()
          .forEach(
              h ->
                  line.append(' ')
                      .append(h.key())
                      .append('=')
                      .append(new String(h.value(), StandardCharsets.UTF_8)));
      letters.add(line.toString());
    }
    return letters;
  }

  private static void keep(DepthMap map, Predicate<DepthMap> wanted, List<DepthMap> maps) {
    if (wanted.test(map)) {
      maps.add(map);
    }
  }
}
