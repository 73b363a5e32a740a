package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.fleet.KafkaClientConfig;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.topics.Topic;
import io.depthstream.streams.topics.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The service as `serve` runs it against a cluster that wants TLS and SCRAM-SHA-512: given only the
 * SASL_SSL listener and DEPTHSTREAM_KAFKA_CONFIG, its topic provisioner, Kafka Streams and the
 * admin client Quarkus waits for the topics with all get in, it becomes ready, frames become depth
 * maps and scores, and the live view follows them. This test's own clients speak SASL_SSL with the
 * same file. The password shows up in neither the log, nor /q/metrics, nor /q/health.
 */
@QuarkusTest
@WithTestResource(SecuredKafkaResource.class)
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SecuredServiceIntegrationTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int GREY = 128;
  // The grey model reads level 128 as 10·128/255 m; ground truth at that depth scores δ1 = 1.
  private static final double GREY_METRES = 10.0 * GREY / 255;

  @Inject DepthstreamConfig config;

  @TestHTTPResource("/q/health/ready")
  URL ready;

  @TestHTTPResource("/q/health")
  URL health;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  @TestHTTPResource("/")
  URL root;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void framesBecomeDepthMapsAndScoresThroughSaslSsl() throws Exception {
    Topics topics = Topics.from(config.topics());
    assertThat(awaitReady().statusCode()).isEqualTo(200);
    String vehicle = "secured-" + UUID.randomUUID().toString().substring(0, 8);
    Instant first = Instant.now().minusSeconds(6);

    try (KafkaProducer<String, byte[]> producer = producer()) {
      String key = vehicle + "/cam0";
      send(producer, topics.frames(), key, frame(vehicle, 1, first), first);
      send(producer, topics.scans(), key, truth(vehicle, 1, first), first);
      // A later pair moves stream time past the first frame's match window, so it is scored.
      Instant second = first.plusSeconds(5);
      send(producer, topics.frames(), key, frame(vehicle, 2, second), second);
      send(producer, topics.scans(), key, truth(vehicle, 2, second), second);
    }

    List<DepthMap> maps = committed(topics.depthMaps(), m -> m.getVehicleId().equals(vehicle), 2);
    assertThat(maps).extracting(DepthMap::getSequence).contains(1L, 2L);
    DepthImage depth =
        DepthPngCodec.decode(AvroBytes.toArray(maps.get(0).getDepthPng()), maps.get(0).getScale());
    assertThat((double) depth.at(10, 10)).isCloseTo(GREY_METRES, offset(0.002));
    List<FrameMetrics> scores =
        committed(topics.metricsFrames(), m -> m.getVehicleId().equals(vehicle), 1);
    assertThat(scores).isNotEmpty();
    assertThat(scores.get(0).getSequence()).isEqualTo(1L);
    assertThat(scores.get(0).getDelta1()).isEqualTo(1.0);
    // The live view followed the frames through the same listener.
    HttpResponse<String> picture = get(new URL(root, "/api/vehicles/" + vehicle + "/frame"));
    assertThat(picture.statusCode()).as(picture.body()).isEqualTo(200);
    assertThat(picture.headers().firstValue("X-Sequence")).hasValue("2");
  }

  @Test
  void noSecretReachesTheLogMetricsOrHealth() throws Exception {
    awaitReady();
    String log = Files.readString(SecuredKafkaResource.current.log());
    String scrape = get(metrics).body();
    String checks = get(health).body();

    assertThat(log + scrape + checks).doesNotContain(SecuredKafkaResource.PASSWORD);
    // What the service says about its client file: where it is, and each secret hidden.
    assertThat(log)
        .contains("client settings: ")
        .contains("sasl.jaas.config=[hidden]")
        .contains("ssl.truststore.password=[hidden]")
        .contains("DEPTHSTREAM_KAFKA_CONFIG=" + SecuredKafkaResource.current.clientConfig());
  }

  private static KafkaClientConfig clientConfig() {
    return KafkaClientConfig.load(
        SecuredKafkaResource.current.clientConfig(), KafkaClientConfig.VARIABLE);
  }

  private static Properties connection() {
    Properties p = new Properties();
    p.put("bootstrap.servers", SecuredKafkaResource.current.securedBootstrap());
    return clientConfig().applyTo(p);
  }

  private static KafkaProducer<String, byte[]> producer() {
    Properties p = connection();
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private static <V> void send(
      KafkaProducer<String, byte[]> producer,
      Topic<String, V> topic,
      String key,
      V value,
      Instant at)
      throws Exception {
    byte[] encoded = topic.encodeValue(value);
    producer.send(new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), key, encoded)).get();
  }

  private static <V> List<V> committed(Topic<String, V> topic, Predicate<V> wanted, int expected) {
    Properties p = connection();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "secured-it-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<V> found = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), topic.valueSerde().deserializer())) {
      consumer.subscribe(List.of(topic.name()));
      long end = System.nanoTime() + DEADLINE.toNanos();
      while (found.size() < expected && System.nanoTime() < end) {
        consumer
            .poll(Duration.ofMillis(250))
            .forEach(
                r -> {
                  if (wanted.test(r.value())) {
                    found.add(r.value());
                  }
                });
      }
    }
    return found;
  }

  private static CameraFrame frame(String vehicle, long sequence, Instant at) {
    byte[] rgb = new byte[64 * 48 * 3];
    Arrays.fill(rgb, (byte) GREY);
    return CameraFrame.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId("cam0")
        .setSequence(sequence)
        .setCaptureTime(at)
        .setEncoding(ImageEncoding.RGB8)
        .setWidth(64)
        .setHeight(48)
        .setData(ByteBuffer.wrap(rgb))
        .build();
  }

  private static GroundTruth truth(String vehicle, long sequence, Instant at) {
    float[] depth = new float[64 * 48];
    Arrays.fill(depth, (float) GREY_METRES);
    byte[] png = DepthPngCodec.encode(new DepthImage(64, 48, depth), DepthPngCodec.MILLIMETRES);
    return GroundTruth.newBuilder()
        .setVehicleId(vehicle)
        .setCameraId("cam0")
        .setSequence(sequence)
        .setCaptureTime(at)
        .setKind(GroundTruthKind.DEPTH_IMAGE)
        .setPointStride(4)
        .setPoints(ByteBuffer.allocate(0))
        .setDepthPng(ByteBuffer.wrap(png))
        .setDepthScale(DepthPngCodec.MILLIMETRES)
        .build();
  }

  private HttpResponse<String> awaitReady() throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    HttpResponse<String> last = get(ready);
    while (last.statusCode() != 200 && System.nanoTime() < end) {
      Thread.sleep(500);
      last = get(ready);
    }
    return last;
  }

  private HttpResponse<String> get(URL url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
