package io.depthstream.cli.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.cli.tail.TailCommand;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.fleet.FleetPublisher;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.schemas.serde.AvroSerdes;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** publish and tail against a real in-process KRaft broker. */
@Tag("integration")
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class PublishTailIntegrationTest {

  private static EmbeddedKafkaBroker kafka;

  @TempDir Path tmp;

  @BeforeAll
  static void startBroker() {
    // The broker's INFO logging runs to thousands of lines; keep its warnings.
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    kafka = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
  }

  @AfterAll
  static void stopBroker() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static int run(Object command, StringWriter out, StringWriter err, String... args) {
    CommandLine cli = new CommandLine(command);
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void publishedSyntheticFleetReadsBackWithKeysTimestampsAndCompactedCalibration()
      throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            new PublishCommand(),
            out,
            err,
            "--synthetic",
            "street",
            "--vehicles",
            "2",
            "--count",
            "3",
            "--size",
            "64x48",
            "--rate",
            "0",
            "--threads",
            "2",
            "--encoding",
            "png",
            "--bootstrap-servers",
            kafka.bootstrapServers());
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("published 6 frames, 6 scans, 2 calibrations");

    List<ConsumerRecord<String, byte[]>> frames = readAll("camera.frames", 6);
    var frameSerde = AvroSerdes.cameraFrame().deserializer();
    assertThat(frames).extracting(ConsumerRecord::key).containsOnly("v0/cam0", "v1/cam0");
    for (ConsumerRecord<String, byte[]> record : frames) {
      CameraFrame frame = frameSerde.deserialize(record.topic(), record.value());
      assertThat(record.key()).isEqualTo(frame.getVehicleId() + "/" + frame.getCameraId());
      assertThat(Instant.ofEpochMilli(record.timestamp())).isEqualTo(frame.getCaptureTime());
      assertThat(frame.getWidth()).isEqualTo(64);
    }
    var scanSerde = AvroSerdes.groundTruth().deserializer();
    List<ConsumerRecord<String, byte[]>> scans = readAll("lidar.scans", 6);
    GroundTruth scan = scanSerde.deserialize("lidar.scans", scans.get(0).value());
    assertThat(scan.getPoints().remaining()).isGreaterThan(1000 * 16);
    var calibrationSerde = AvroSerdes.sensorCalibration().deserializer();
    List<ConsumerRecord<String, byte[]>> calibrations = readAll("sensor.calibration", 2);
    SensorCalibration calibration =
        calibrationSerde.deserialize("sensor.calibration", calibrations.get(0).value());
    assertThat(calibration.getLidarToCamera()).hasSize(12);

    try (Admin admin =
        Admin.create(
            KafkaAccess.adminProperties(kafka.bootstrapServers(), Duration.ofSeconds(10)))) {
      ConfigResource calibrationTopic =
          new ConfigResource(ConfigResource.Type.TOPIC, "sensor.calibration");
      ConfigResource framesTopic = new ConfigResource(ConfigResource.Type.TOPIC, "camera.frames");
      var configs = admin.describeConfigs(List.of(calibrationTopic, framesTopic)).all().get();
      Config c = configs.get(calibrationTopic);
      assertThat(c.get("cleanup.policy").value()).isEqualTo("compact");
      assertThat(configs.get(framesTopic).get("max.message.bytes").value()).isEqualTo("16777216");
      assertThat(
              admin
                  .describeTopics(Set.of("camera.frames"))
                  .allTopicNames()
                  .get()
                  .get("camera.frames")
                  .partitions())
          .hasSize(3);
    }
  }

  @Test
  void anUnreachableBrokerIsNamedWithTheFix() {
    StringWriter err = new StringWriter();
    String nobody = "localhost:" + EmbeddedKafkaBroker.freePort();
    int code =
        run(
            new PublishCommand(),
            new StringWriter(),
            err,
            "--synthetic",
            "indoor",
            "--count",
            "1",
            "--size",
            "16x12",
            "--bootstrap-servers",
            nobody,
            "--connect-timeout",
            "2");
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("no answer from " + nobody + " within 2 s over PLAINTEXT")
        .contains("./depthstream serve")
        .contains("KAFKA_BOOTSTRAP_SERVERS");
  }

  @Test
  void tailWritesEachDepthMapAsPictures() throws Exception {
    DepthImage depth = new DepthImage(3, 2, new float[] {1, 2, 3, 4, 5, 0});
    byte[] png = DepthPngCodec.encode(depth, DepthPngCodec.MILLIMETRES);
    DepthMap map =
        DepthMap.newBuilder()
            .setVehicleId("v1")
            .setCameraId("cam0")
            .setSequence(9)
            .setCaptureTime(Instant.ofEpochMilli(1_790_000_000_000L))
            .setWidth(3)
            .setHeight(2)
            .setScale(DepthPngCodec.MILLIMETRES)
            .setDepthPng(ByteBuffer.wrap(png))
            .setModelId("m")
            .setModelVersion("1")
            .setProvider("CPU")
            .setInferenceMs(3)
            .setEndToEndMs(40)
            .build();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(FleetPublisher.producerProperties(kafka.bootstrapServers(), 1 << 20))) {
      byte[] value = AvroSerdes.depthMap().serializer().serialize("depth.maps", map);
      producer.send(new ProducerRecord<>("depth.maps", "v1/cam0", value)).get();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Path pictures = tmp.resolve("pictures");
    int code =
        run(
            new TailCommand(),
            out,
            err,
            "--from-beginning",
            "--max",
            "1",
            "--timeout",
            "30",
            "--out",
            pictures.toString(),
            "--bootstrap-servers",
            kafka.bootstrapServers());
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readAllBytes(pictures.resolve("v1_cam0_00000009_depth.png"))).isEqualTo(png);
    assertThat(pictures.resolve("v1_cam0_00000009_turbo.png")).isRegularFile();
    assertThat(out.toString()).contains("v1/cam0 #9 3x2");
  }

  @Test
  void tailPrintsFrameAndWindowMetricsAsJsonLines() throws Exception {
    FrameMetrics frame =
        FrameMetrics.newBuilder()
            .setVehicleId("v2")
            .setCameraId("cam0")
            .setSequence(5)
            .setCaptureTime(Instant.ofEpochMilli(1_790_000_000_500L))
            .setModelId("m")
            .setModelVersion("1")
            .setGroundTruthOffsetMs(-20)
            .setValidPixels(1234)
            .setDelta1(0.9)
            .setDelta2(0.95)
            .setDelta3(0.99)
            .setAbsRel(0.1)
            .setSqRel(0.05)
            .setRmse(0.4)
            .setRmseLog(0.15)
            .setLog10(0.04)
            .setSilog(11)
            .build();
    MetricsWindow window =
        MetricsWindow.newBuilder()
            .setScope(MetricsScope.FLEET)
            .setScopeKey("fleet")
            .setModelId("m")
            .setWindowStart(1_790_000_000_000L)
            .setWindowEnd(1_790_000_010_000L)
            .setFrames(1)
            .setDelta1(0.9)
            .setDelta2(0.95)
            .setDelta3(0.99)
            .setAbsRel(0.1)
            .setSqRel(0.05)
            .setRmse(0.4)
            .setRmseLog(0.15)
            .setLog10(0.04)
            .setSilog(11)
            .build();
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(FleetPublisher.producerProperties(kafka.bootstrapServers(), 1 << 20))) {
      producer
          .send(
              new ProducerRecord<>(
                  DefaultTopics.METRICS_FRAMES,
                  "v2/cam0",
                  AvroSerdes.frameMetrics()
                      .serializer()
                      .serialize(DefaultTopics.METRICS_FRAMES, frame)))
          .get();
      producer
          .send(
              new ProducerRecord<>(
                  DefaultTopics.METRICS_WINDOWS,
                  "fleet",
                  AvroSerdes.metricsWindow()
                      .serializer()
                      .serialize(DefaultTopics.METRICS_WINDOWS, window)))
          .get();
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        run(
            new TailCommand(),
            out,
            err,
            "--metrics",
            "--json",
            "--from-beginning",
            "--max",
            "2",
            "--timeout",
            "30",
            "--bootstrap-servers",
            kafka.bootstrapServers());
    assertThat(code).as(err.toString()).isZero();
    List<String> lines = out.toString().lines().toList();
    assertThat(lines).hasSize(2);
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var byTopic = new java.util.HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
    for (String line : lines) {
      var node = json.readTree(line);
      byTopic.put(node.get("topic").asText(), node);
    }
    assertThat(byTopic.get(DefaultTopics.METRICS_FRAMES).get("validPixels").asLong())
        .isEqualTo(1234);
    assertThat(byTopic.get(DefaultTopics.METRICS_FRAMES).get("captureTime").asLong())
        .isEqualTo(1_790_000_000_500L);
    assertThat(byTopic.get(DefaultTopics.METRICS_WINDOWS).get("scope").asText()).isEqualTo("FLEET");
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(String topic, int expected) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(i -> new TopicPartition(topic, i.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (records.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertThat(records).hasSize(expected);
    return records;
  }
}
