package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.broker.BrokerSettings;
import io.depthstream.broker.EmbeddedKafkaBroker;
import io.depthstream.broker.TopicProvisioner;
import io.depthstream.core.image.HandMadePng;
import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.dlq.DeadLetterHeaders;
import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.failures.StreamThreadFailures;
import io.depthstream.streams.kafka.ServiceTopics;
import io.depthstream.streams.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records from producers nobody controls, against the service topology running as plain Kafka
 * Streams with exactly_once_v2 on a real broker. Every hostile record is sent once, by a stranger's
 * own producer, under a key on the SAME partition as a well-behaved vehicle that keeps driving
 * throughout: each costs exactly one committed dead letter with its reason and original bytes, the
 * stream thread never dies, and the good vehicle is still depth-mapped and scored afterwards.
 *
 * <p>Three service instances share the broker, each on its own topics: the service as shipped (with
 * {@code max-cameras} lowered to {@value #MAX_CAMERAS}), one whose record limit is {@value
 * #TIGHT_RECORD_BYTES} bytes (dead letters must be truncated), and one whose model fails on every
 * frame.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileInputIntegrationTest {

  private static final int PARTITIONS = 3;

  /** The good vehicle and two neighbours take three places; one is left for a newcomer. */
  private static final int MAX_CAMERAS = 4;

  private static final int TIGHT_RECORD_BYTES = 4 * 1024 * 1024;
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration GOOD_PERIOD = Duration.ofMillis(200);

  /**
   * How far ahead a stranger's clock can stamp a record that the broker still takes: Kafka 4
   * refuses timestamps more than an hour ahead ({@code log.message.timestamp.after.max.ms}).
   */
  private static final Duration BROKER_FUTURE_LIMIT = Duration.ofMinutes(50);

  @TempDir static Path temp;

  private static EmbeddedKafkaBroker broker;
  private static DepthEstimator greyModel;
  private static DepthEstimator failingModel;
  private static Service service;
  private static Service tight;
  private static Service failing;
  private static CommittedRecords committed;
  private static GoodVehicle good;
  private static KafkaProducer<String, byte[]> stranger;
  private static int goodPartition;

  /** A neighbour of the good vehicle that never published a usable calibration. */
  private static CameraRig uncalibrated;

  /** A neighbour of the good vehicle with a good calibration, published at the start. */
  private static CameraRig calibrated;

  private static final AtomicLong neighbourSequence = new AtomicLong(1_000);

  /**
   * The good vehicle's last frame acknowledged once the latest record of a stranger was: its later
   * frames were sent after every hostile record.
   */
  private static final AtomicLong goodBeforeLastHostile = new AtomicLong(-1);

  @BeforeAll
  static void startBrokerServicesAndTraffic() throws Exception {
    QuietKafkaLogs.apply();
    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
    String bootstrap = broker.bootstrapServers();
    EngineOptions cpu = EngineOptions.defaults().withDevice(DeviceChoice.CPU);
    greyModel = DepthEstimator.open(OnnxTestModels.greyToDepthBundle(temp.resolve("grey")), cpu);
    failingModel = DepthEstimator.open(failingBundle(temp.resolve("failing")), cpu);

    service =
        Service.start(
            "it-hostile",
            PARTITIONS,
            Map.of("depthstream.state.max-cameras", Integer.toString(MAX_CAMERAS)),
            greyModel);
    tight =
        Service.start(
            "it-hostile-tight",
            1,
            withTopicPrefix(
                "tight.",
                Map.of("depthstream.kafka.max-record-bytes", Integer.toString(TIGHT_RECORD_BYTES))),
            greyModel);
    failing =
        Service.start("it-hostile-failing", 1, withTopicPrefix("failing.", Map.of()), failingModel);
    committed =
        CommittedRecords.start(
            bootstrap,
            Stream.of(service, tight, failing).flatMap(s -> s.topics.outputs().stream()).toList());
    stranger = KafkaClients.producer(bootstrap, null);

    CameraRig goodRig = new CameraRig("good");
    goodPartition = partitionOf(goodRig.key());
    List<CameraRig> neighbours = camerasOnGoodPartition("neighbour", 2);
    uncalibrated = neighbours.get(0);
    calibrated = neighbours.get(1);
    good = GoodVehicle.start(bootstrap, service.topics, goodRig, GOOD_PERIOD);
    for (Service s : List.of(service, tight, failing)) {
      s.awaitRunning();
    }
    introduceNeighbours();
    for (Service s : List.of(service, tight, failing)) {
      s.settle();
    }
  }

  @AfterAll
  static void stopEverything() throws Exception {
    for (AutoCloseable closeable :
        new AutoCloseable[] {good, stranger, committed, service, tight, failing}) {
      if (closeable != null) {
        closeable.close();
      }
    }
    for (DepthEstimator model : new DepthEstimator[] {greyModel, failingModel}) {
      if (model != null) {
        model.close();
      }
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void garbageOnEveryInputTopicIsNotAvro() throws Exception {
    byte[] json = "{\"vehicleId\":\"v1\",\"cameraId\":\"cam0\"}".getBytes(StandardCharsets.UTF_8);
    for (String topic :
        List.of(
            service.topics.frames().name(),
            service.topics.scans().name(),
            service.topics.calibration().name())) {
      expectOneLetter(
          sendRecord(topic, uncalibrated.key(), json, Instant.now()), DeadLetterReason.NOT_AVRO);
    }
  }

  @Test
  void anUnknownSchemaFingerprintIsUnknownSchema() throws Exception {
    byte[] value = encoded(uncalibrated.frame(nextSequence(), Instant.now()));
    // Marker C3 01 intact, then a fingerprint of no schema version the service knows.
    byte[] fingerprint = HexFormat.of().parseHex("5a5a5a5a5a5a5a5a");
    System.arraycopy(fingerprint, 0, value, 2, fingerprint.length);
    expectOneLetter(sendFrameBytes(uncalibrated, value), DeadLetterReason.UNKNOWN_SCHEMA);
  }

  @Test
  void aRecordCutShortIsTruncated() throws Exception {
    byte[] whole = encoded(uncalibrated.frame(nextSequence(), Instant.now()));
    byte[] half = Arrays.copyOf(whole, whole.length / 2);
    expectOneLetter(sendFrameBytes(uncalibrated, half), DeadLetterReason.TRUNCATED);
  }

  @Test
  void recordsWithoutKeyAreMissingKey() throws Exception {
    Instant now = Instant.now();
    long sequence = nextSequence();
    expectOneLetter(
        sendRecord(
            service.topics.frames().name(),
            goodPartition,
            null,
            encoded(uncalibrated.frame(sequence, now)),
            now),
        DeadLetterReason.MISSING_KEY);
    expectOneLetter(
        sendRecord(
            service.topics.scans().name(),
            goodPartition,
            null,
            service.topics.scans().encodeValue(calibrated.sweep(sequence, now)),
            now),
        DeadLetterReason.MISSING_KEY);
  }

  @Test
  void tombstonesOfFramesAndSweepsAreMalformed() throws Exception {
    for (String topic : List.of(service.topics.frames().name(), service.topics.scans().name())) {
      ConsumerRecord<byte[], byte[]> letter =
          expectOneLetter(
              sendRecord(topic, uncalibrated.key(), null, Instant.now()),
              DeadLetterReason.MALFORMED);
      assertThat(letter.value()).as("a tombstone's letter carries no value").isNull();
    }
  }

  @Test
  void aPngDeclaring60000x60000IsOversized() throws Exception {
    byte[] png = HandMadePng.headerOnly(60_000, 60_000, 8, 2);
    CameraFrame frame =
        uncalibrated.encodedFrame(nextSequence(), Instant.now(), ImageEncoding.PNG, 0, 0, png);
    ConsumerRecord<byte[], byte[]> letter =
        expectOneLetter(
            sendFrameBytes(uncalibrated, encoded(frame)), ImageRejectedException.OVERSIZED);
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ERROR))
        .contains("60000x60000");
  }

  @Test
  void aPngDecompressionBombWithinTheAxisLimitsIsOversized() throws Exception {
    // 4000x4000 16-bit RGBA: within 8192 per axis and the pixel budget, 128 MB once inflated.
    byte[] bomb = HandMadePng.zeros(4000, 4000, 16, 6);
    assertThat(bomb.length).as("a bomb is small on the wire").isLessThan(1 << 20);
    CameraFrame frame =
        uncalibrated.encodedFrame(nextSequence(), Instant.now(), ImageEncoding.PNG, 0, 0, bomb);
    ConsumerRecord<byte[], byte[]> letter =
        expectOneLetter(
            sendFrameBytes(uncalibrated, encoded(frame)), ImageRejectedException.OVERSIZED);
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ERROR))
        .contains("decoded");
  }

  @Test
  void aTenMibFrameFromOverAnHourAgoIsDeadLetteredWhole() throws Exception {
    Instant captured = Instant.now().minus(Duration.ofMinutes(61));
    byte[] value = encoded(uncalibrated.rgbFrame(nextSequence(), captured, 2048, 1707));
    assertThat(value.length).isGreaterThan(10 * 1024 * 1024);
    ConsumerRecord<byte[], byte[]> letter =
        expectOneLetter(sendFrameBytes(uncalibrated, value, captured), DeadLetterReason.TOO_OLD);
    assertThat(letter.headers().lastHeader(DeadLetterHeaders.TRUNCATED))
        .as("16 MiB leaves room for the whole 10 MiB record")
        .isNull();
  }

  @Test
  void aFrameTooLargeForItsDeadLetterIsTruncatedWithItsSizeAndHash() throws Exception {
    CameraRig rig = new CameraRig("tight-0");
    Instant captured = Instant.now().minus(Duration.ofMinutes(10));
    // 1398x1000 RGB8: the record just fits the 4 MiB topic, its dead letter (plus headers) not.
    byte[] value = tight.topics.frames().encodeValue(rig.rgbFrame(1, captured, 1398, 1000));
    assertThat(value.length)
        .as("the frame must fit the topic but leave no room for dead-letter headers")
        .isBetween(TIGHT_RECORD_BYTES - 1024 + 1, TIGHT_RECORD_BYTES - 128);
    Sent sent = sendRecord(tight.topics.frames().name(), null, rig.key(), value, captured);
    ConsumerRecord<byte[], byte[]> letter = awaitLetter(tight, sent);

    // The next frame of the same camera still becomes a depth map.
    long next = 2;
    sendRecord(
        tight.topics.frames().name(),
        null,
        rig.key(),
        tight.topics.frames().encodeValue(rig.frame(next, Instant.now())),
        Instant.now());
    assertThat(committed.await(tight.topics.depthMaps().name(), depthMapOf(rig, next), 1, DEADLINE))
        .as("depth map of the frame after the oversized one")
        .hasSize(1);
    assertThat(committed.matching(tight.topics.dlq().name(), fromSource(sent))).hasSize(1);
    assertThat(reason(letter)).isEqualTo(DeadLetterReason.STALE);
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.TRUNCATED))
        .isEqualTo("true");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ORIGINAL_SIZE))
        .isEqualTo(Integer.toString(value.length));
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ORIGINAL_SHA256))
        .isEqualTo(sha256(value));
    assertThat(letter.value().length).isPositive().isLessThan(value.length);
    assertThat(Arrays.equals(letter.value(), Arrays.copyOf(value, letter.value().length)))
        .as("the truncated letter is a prefix of the original value")
        .isTrue();
    tight.assertUndisturbed();
  }

  @Test
  void aCalibrationClaiming40000x40000LeavesAnUncalibratedCameraUncalibrated() throws Exception {
    SensorCalibration huge =
        uncalibrated.calibration(40_000, 40_000, 10, uncalibrated.calibration().getLidarToCamera());
    expectOneLetter(sendCalibration(uncalibrated, huge), DeadLetterReason.BAD_CALIBRATION);
    expectOneLetter(
        sendSweep(uncalibrated, uncalibrated.sweep(nextSequence(), Instant.now())),
        DeadLetterReason.MISSING_CALIBRATION);
  }

  @Test
  void aCalibrationClaiming40000x40000LeavesThePreviousGoodOneInForce() throws Exception {
    SensorCalibration huge =
        calibrated.calibration(40_000, 40_000, 10, calibrated.calibration().getLidarToCamera());
    expectOneLetter(sendCalibration(calibrated, huge), DeadLetterReason.BAD_CALIBRATION);

    long sequence = nextSequence();
    Instant now = Instant.now();
    sendFrameBytes(calibrated, encoded(calibrated.frame(sequence, now)));
    Sent sweep = sendSweep(calibrated, calibrated.sweep(sequence, now));
    assertThat(awaitScores(calibrated, sequence))
        .as("the sweep after the bad calibration is projected with the good one and scored")
        .hasSize(1);
    assertThat(committed.matching(service.topics.dlq().name(), fromSource(sweep))).isEmpty();
    service.assertUndisturbed();
  }

  @Test
  void aCalibrationWithNanIsBadCalibration() throws Exception {
    SensorCalibration nan =
        calibrated.calibration(
            CameraRig.WIDTH,
            CameraRig.HEIGHT,
            Double.NaN,
            calibrated.calibration().getLidarToCamera());
    expectOneLetter(sendCalibration(calibrated, nan), DeadLetterReason.BAD_CALIBRATION);
  }

  @Test
  void aCalibrationWhoseRotationIsNotOrthonormalIsBadCalibration() throws Exception {
    // The good rotation with its first row scaled by 1.5: scale, not a rotation.
    SensorCalibration sheared =
        calibrated.calibration(
            CameraRig.WIDTH,
            CameraRig.HEIGHT,
            10,
            List.of(0.0, -1.5, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0));
    ConsumerRecord<byte[], byte[]> letter =
        expectOneLetter(sendCalibration(calibrated, sheared), DeadLetterReason.BAD_CALIBRATION);
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ERROR))
        .contains("orthonormal");
  }

  @Test
  void lidarPointsWithNanAreInvalidPoints() throws Exception {
    float[] xyzi = {5f, 0f, 0f, 0.5f, Float.NaN, 1f, 0f, 0.5f, 5f, -1f, 0f, 0.5f};
    expectOneLetter(
        sendSweep(calibrated, calibrated.sweep(nextSequence(), Instant.now(), xyzi)),
        DeadLetterReason.INVALID_POINTS);
  }

  @Test
  void aFrameAndASweepAnHourAheadAreFutureTimestamps() throws Exception {
    Instant ahead = Instant.now().plus(Duration.ofHours(1));
    long sequence = nextSequence();
    expectOneLetter(
        sendFrameBytes(uncalibrated, encoded(uncalibrated.frame(sequence, ahead)), ahead),
        DeadLetterReason.FUTURE_TIMESTAMP);
    long sentBefore = good.lastSent();
    expectOneLetter(
        sendSweep(uncalibrated, uncalibrated.sweep(sequence, ahead), ahead),
        DeadLetterReason.FUTURE_TIMESTAMP);
    // Stream time did not jump with the records' timestamps: the good sweeps are not late.
    assertThat(awaitScoresAfter(good.rig(), sentBefore))
        .as("good vehicle scored after records stamped %s ahead", BROKER_FUTURE_LIMIT)
        .isNotEmpty();
  }

  @Test
  void aSweepAYearOldIsTooOld() throws Exception {
    Instant yearAgo = Instant.now().minus(Duration.ofDays(365));
    expectOneLetter(
        sendSweep(uncalibrated, uncalibrated.sweep(nextSequence(), yearAgo), yearAgo),
        DeadLetterReason.TOO_OLD);
  }

  @Test
  void aKeyNamingAnotherCameraThanItsBodyIsKeyMismatch() throws Exception {
    CameraRig impostor = camerasOnGoodPartition("impostor", 1).get(0);
    byte[] body = encoded(uncalibrated.frame(nextSequence(), Instant.now()));
    expectOneLetter(
        sendRecord(service.topics.frames().name(), impostor.key(), body, Instant.now()),
        DeadLetterReason.KEY_MISMATCH);
  }

  @Test
  void newCamerasPastTheCapAreTooManyKeys() throws Exception {
    // Three newcomers on the good vehicle's partition, which keeps its three cameras: the first
    // takes the last place, the others are refused; the cameras already known go on as before.
    List<CameraRig> newcomers = camerasOnGoodPartition("newcomer", 3);
    long sequence = nextSequence();
    CameraRig admitted = newcomers.get(0);
    sendFrameBytes(admitted, encoded(admitted.frame(sequence, Instant.now())));
    assertThat(
            committed.await(
                service.topics.depthMaps().name(), depthMapOf(admitted, sequence), 1, DEADLINE))
        .as("the newcomer that fits under depthstream.state.max-cameras=%d", MAX_CAMERAS)
        .hasSize(1);
    for (CameraRig refused : newcomers.subList(1, 3)) {
      ConsumerRecord<byte[], byte[]> letter =
          expectOneLetter(
              sendFrameBytes(refused, encoded(refused.frame(sequence, Instant.now()))),
              DeadLetterReason.TOO_MANY_KEYS);
      assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ERROR))
          .contains("max-cameras=" + MAX_CAMERAS);
    }
    long known = nextSequence();
    sendFrameBytes(calibrated, encoded(calibrated.frame(known, Instant.now())));
    assertThat(
            committed.await(
                service.topics.depthMaps().name(), depthMapOf(calibrated, known), 1, DEADLINE))
        .as("a camera known before the flood is still served")
        .hasSize(1);
  }

  @Test
  void aModelThatFailsOnEveryFrameCostsOneLetterPerFrame() throws Exception {
    CameraRig rig = new CameraRig("failing-0");
    List<Sent> sent = new ArrayList<>();
    for (long sequence = 1; sequence <= 3; sequence++) {
      Instant now = Instant.now();
      sent.add(
          sendRecord(
              failing.topics.frames().name(),
              null,
              rig.key(),
              failing.topics.frames().encodeValue(rig.frame(sequence, now)),
              now));
    }
    for (Sent frame : sent) {
      ConsumerRecord<byte[], byte[]> letter = awaitLetter(failing, frame);
      assertThat(reason(letter)).isEqualTo(DeadLetterReason.INFERENCE_FAILED);
      assertThat(letter.value()).isEqualTo(frame.value());
      assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ERROR))
          .contains("ORT_INVALID_ARGUMENT");
    }
    for (Sent frame : sent) {
      assertThat(committed.matching(failing.topics.dlq().name(), fromSource(frame))).hasSize(1);
    }
    assertThat(committed.matching(failing.topics.depthMaps().name(), r -> true)).isEmpty();
    failing.assertUndisturbed();
  }

  /** Last: after every hostile record, the good vehicle is still depth-mapped AND scored. */
  @Test
  @Order(Integer.MAX_VALUE)
  void theGoodVehicleIsStillMappedAndScoredAfterEveryHostileRecord() throws Exception {
    long after = goodBeforeLastHostile.get();
    assertThat(after).as("hostile records were sent before this test").isNotNegative();
    assertThat(
            committed.await(
                service.topics.depthMaps().name(),
                depthMapOf(good.rig(), s -> s > after),
                1,
                DEADLINE))
        .isNotEmpty();
    assertThat(awaitScoresAfter(good.rig(), after)).isNotEmpty();
    service.assertUndisturbed();
  }

  // ---- sending

  /**
   * Sent by a stranger's own producer (not the good vehicle's), to the partition its key picks or
   * to {@code partition}; stamped with the capture time, as far ahead as the broker takes it.
   */
  private static Sent sendRecord(
      String topic, Integer partition, String key, byte[] value, Instant captured)
      throws Exception {
    long stamp =
        Math.min(captured.toEpochMilli(), Instant.now().plus(BROKER_FUTURE_LIMIT).toEpochMilli());
    RecordMetadata metadata =
        stranger.send(new ProducerRecord<>(topic, partition, stamp, key, value)).get();
    goodBeforeLastHostile.set(good.lastSent());
    if (service.topics.inputs().contains(topic)) {
      assertThat(metadata.partition())
          .as("%s shares the good vehicle's partition", key)
          .isEqualTo(goodPartition);
    }
    return new Sent(topic, metadata.partition(), metadata.offset(), key, value);
  }

  private static Sent sendRecord(String topic, String key, byte[] value, Instant captured)
      throws Exception {
    return sendRecord(topic, null, key, value, captured);
  }

  private static Sent sendFrameBytes(CameraRig rig, byte[] value) throws Exception {
    return sendFrameBytes(rig, value, Instant.now());
  }

  private static Sent sendFrameBytes(CameraRig rig, byte[] value, Instant captured)
      throws Exception {
    return sendRecord(service.topics.frames().name(), rig.key(), value, captured);
  }

  private static Sent sendSweep(CameraRig rig, GroundTruth sweep) throws Exception {
    return sendSweep(rig, sweep, Instant.now());
  }

  private static Sent sendSweep(CameraRig rig, GroundTruth sweep, Instant captured)
      throws Exception {
    return sendRecord(
        service.topics.scans().name(),
        rig.key(),
        service.topics.scans().encodeValue(sweep),
        captured);
  }

  private static Sent sendCalibration(CameraRig rig, SensorCalibration calibration)
      throws Exception {
    return sendRecord(
        service.topics.calibration().name(),
        rig.key(),
        service.topics.calibration().encodeValue(calibration),
        Instant.now());
  }

  private static byte[] encoded(CameraFrame frame) {
    return service.topics.frames().encodeValue(frame);
  }

  private static long nextSequence() {
    return neighbourSequence.incrementAndGet();
  }

  /**
   * The neighbours join: {@link #calibrated} publishes its calibration and is scored once, {@link
   * #uncalibrated} gets one depth map. With the good vehicle, the partition then keeps three
   * cameras.
   */
  private static void introduceNeighbours() throws Exception {
    // Sent first and stamped earlier: the task takes the calibration before the sweep.
    sendCalibration(calibrated, calibrated.calibration());
    Instant now = Instant.now();
    sendFrameBytes(calibrated, encoded(calibrated.frame(0, now)));
    sendSweep(calibrated, calibrated.sweep(0, now));
    sendFrameBytes(uncalibrated, encoded(uncalibrated.frame(0, now)));
    assertThat(awaitScores(calibrated, 0)).as("the calibrated neighbour is scored").hasSize(1);
    assertThat(
            committed.await(
                service.topics.depthMaps().name(), depthMapOf(uncalibrated, 0), 1, DEADLINE))
        .hasSize(1);
    assertThat(awaitScoresAfter(good.rig(), -1)).as("the good vehicle is scored").isNotEmpty();
  }

  // ---- checking

  /**
   * The one dead letter of {@code sent} on the service's DLQ, checked: its reason, its key and
   * value the original bytes, read from the good vehicle's partition; and, once a later frame of
   * the good vehicle was depth-mapped, still the only one, with the service undisturbed.
   */
  private static ConsumerRecord<byte[], byte[]> expectOneLetter(Sent sent, String reason)
      throws Exception {
    long goodBefore = good.lastSent();
    ConsumerRecord<byte[], byte[]> letter = awaitLetter(service, sent);
    assertThat(
            committed.await(
                service.topics.depthMaps().name(),
                depthMapOf(good.rig(), s -> s > goodBefore),
                1,
                DEADLINE))
        .as("a good frame sent after %s is still depth-mapped", sent)
        .isNotEmpty();
    assertThat(committed.matching(service.topics.dlq().name(), fromSource(sent)))
        .as("dead letters of %s", sent)
        .hasSize(1);
    assertThat(reason(letter)).as("reason for %s", sent).isEqualTo(reason);
    assertThat(letter.key() == null ? null : new String(letter.key(), StandardCharsets.UTF_8))
        .isEqualTo(sent.key());
    assertThat(sameBytes(letter.value(), sent.value()))
        .as(
            "letter value (%s bytes) is the original value (%s bytes)",
            letter.value() == null ? null : letter.value().length,
            sent.value() == null ? null : sent.value().length)
        .isTrue();
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION))
        .isEqualTo(Integer.toString(goodPartition));
    service.assertUndisturbed();
    return letter;
  }

  private static ConsumerRecord<byte[], byte[]> awaitLetter(Service target, Sent sent)
      throws InterruptedException {
    List<ConsumerRecord<byte[], byte[]>> letters =
        committed.await(target.topics.dlq().name(), fromSource(sent), 1, DEADLINE);
    assertThat(letters)
        .as("dead letter of %s within %s; letters so far: %s", sent, DEADLINE, reasons(target))
        .isNotEmpty();
    return letters.get(0);
  }

  private static List<FrameMetrics> awaitScores(CameraRig rig, long sequence) throws Exception {
    return awaitScores(rig, s -> s == sequence);
  }

  private static List<FrameMetrics> awaitScoresAfter(CameraRig rig, long sequence)
      throws Exception {
    return awaitScores(rig, s -> s > sequence);
  }

  private static List<FrameMetrics> awaitScores(CameraRig rig, Predicate<Long> sequence)
      throws Exception {
    Predicate<ConsumerRecord<byte[], byte[]>> wanted =
        r -> {
          FrameMetrics m = service.topics.metricsFrames().decodeValue(r.value());
          return rig.vehicle().equals(m.getVehicleId().toString())
              && sequence.test(m.getSequence());
        };
    return committed.await(service.topics.metricsFrames().name(), wanted, 1, DEADLINE).stream()
        .map(r -> service.topics.metricsFrames().decodeValue(r.value()))
        .toList();
  }

  private static Predicate<ConsumerRecord<byte[], byte[]>> depthMapOf(
      CameraRig rig, long sequence) {
    return depthMapOf(rig, s -> s == sequence);
  }

  private static Predicate<ConsumerRecord<byte[], byte[]>> depthMapOf(
      CameraRig rig, Predicate<Long> sequence) {
    byte[] key = rig.key().getBytes(StandardCharsets.UTF_8);
    return r -> {
      if (!Arrays.equals(key, r.key())) {
        return false;
      }
      DepthMap map = service.topics.depthMaps().decodeValue(r.value());
      return sequence.test(map.getSequence());
    };
  }

  /** Dead letters whose source headers name {@code sent}'s topic, partition and offset. */
  private static Predicate<ConsumerRecord<byte[], byte[]>> fromSource(Sent sent) {
    return r ->
        sent.topic().equals(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_TOPIC))
            && Integer.toString(sent.partition())
                .equals(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_PARTITION))
            && Long.toString(sent.offset())
                .equals(DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_OFFSET));
  }

  private static String reason(ConsumerRecord<byte[], byte[]> letter) {
    return DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.REASON);
  }

  private static List<String> reasons(Service target) {
    return committed.matching(target.topics.dlq().name(), r -> true).stream()
        .map(
            r ->
                reason(r)
                    + "@"
                    + DeadLetterHeaders.text(r.headers(), DeadLetterHeaders.SOURCE_OFFSET))
        .toList();
  }

  private static boolean sameBytes(byte[] a, byte[] b) {
    return Arrays.equals(a, b);
  }

  private static String sha256(byte[] value) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
  }

  // ---- set-up

  /**
   * A bundle whose graph fixes the batch axis at 0: it loads (a batch of 0 reads as "any" to the
   * engine, which then feeds one frame), and ONNX Runtime refuses every run, "Got: 1 Expected: 0".
   */
  private static ModelBundle failingBundle(Path directory) {
    return OnnxTestModels.writeBundle(
        directory,
        "batch-zero",
        MeanModel.of(10f, 0f, 8, 8).withShape(0, 8, 8),
        8,
        8,
        new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0));
  }

  /** Cameras of vehicles {@code prefix-i} whose keys land on the good vehicle's partition. */
  private static List<CameraRig> camerasOnGoodPartition(String prefix, int count) {
    List<CameraRig> rigs = new ArrayList<>();
    for (int i = 0; rigs.size() < count; i++) {
      CameraRig rig = new CameraRig(prefix + "-" + i);
      if (partitionOf(rig.key()) == goodPartition) {
        rigs.add(rig);
      }
    }
    return rigs;
  }

  /** The partition Kafka's default partitioner picks for {@code key}. */
  private static int partitionOf(String key) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  /** {@code more}, with every topic of the service renamed {@code prefix + its usual name}. */
  private static Map<String, String> withTopicPrefix(String prefix, Map<String, String> more) {
    DepthstreamConfig.TopicNames names = TestConfig.load(Map.of()).topics();
    Map<String, String> overrides = new HashMap<>(more);
    overrides.put("depthstream.topics.frames", prefix + names.frames());
    overrides.put("depthstream.topics.scans", prefix + names.scans());
    overrides.put("depthstream.topics.calibration", prefix + names.calibration());
    overrides.put("depthstream.topics.depth-maps", prefix + names.depthMaps());
    overrides.put("depthstream.topics.metrics-frames", prefix + names.metricsFrames());
    overrides.put("depthstream.topics.metrics-windows", prefix + names.metricsWindows());
    overrides.put("depthstream.topics.dlq", prefix + names.dlq());
    return overrides;
  }

  /** A record as the stranger's producer wrote it, where the broker put it. */
  private record Sent(String topic, int partition, long offset, String key, byte[] value) {
    @Override
    public String toString() {
      return topic + "-" + partition + "@" + offset + " (key " + key + ")";
    }
  }

  /**
   * One service instance on its own topics and application id: the service topology as plain Kafka
   * Streams with exactly_once_v2, with every state change and stream-thread death it goes through
   * after it settled kept, so a test can say it was never disturbed.
   */
  private static final class Service implements AutoCloseable {

    private final String applicationId;
    private final Topics topics;
    private final KafkaStreams streams;
    private final List<KafkaStreams.State> changes = new CopyOnWriteArrayList<>();
    private final List<Throwable> deaths = new CopyOnWriteArrayList<>();
    private volatile int settledAt = Integer.MAX_VALUE;

    private Service(String applicationId, Topics topics, KafkaStreams streams) {
      this.applicationId = applicationId;
      this.topics = topics;
      this.streams = streams;
    }

    static Service start(
        String applicationId, int partitions, Map<String, String> overrides, DepthEstimator model)
        throws Exception {
      DepthstreamConfig config = TestConfig.load(overrides);
      Topics topics = Topics.from(config.topics());
      try (Admin admin = KafkaClients.admin(broker.bootstrapServers())) {
        new TopicProvisioner(admin, Duration.ofSeconds(30))
            .ensure(ServiceTopics.specs(topics, partitions, config.kafka().maxRecordBytes()));
        KafkaClients.awaitTopics(
            admin,
            List.of(topics.frames().name(), topics.scans().name(), topics.calibration().name()));
      }
      Properties props =
          ServiceStreams.properties(
              applicationId,
              broker.bootstrapServers(),
              temp.resolve("state-" + applicationId),
              overrides);
      props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
      KafkaStreams streams = new KafkaStreams(ServiceStreams.topology(config, model), props);
      Service service = new Service(applicationId, topics, streams);
      // As ServiceStreams.start, with the deaths and state changes recorded on the way.
      StreamThreadFailures policy = StreamThreadFailures.defaults();
      streams.setUncaughtExceptionHandler(
          e -> {
            service.deaths.add(e);
            return policy.handle(e);
          });
      streams.setStateListener((now, before) -> service.changes.add(now));
      streams.start();
      return service;
    }

    void awaitRunning() throws InterruptedException {
      long end = System.nanoTime() + DEADLINE.toNanos();
      while (streams.state() != KafkaStreams.State.RUNNING && System.nanoTime() < end) {
        Thread.sleep(100);
      }
      assertThat(streams.state()).as(applicationId).isEqualTo(KafkaStreams.State.RUNNING);
    }

    /** From now on, any state change or thread death is a disturbance. */
    void settle() {
      settledAt = changes.size();
    }

    void assertUndisturbed() {
      assertThat(deaths).as("stream threads of %s that died", applicationId).isEmpty();
      assertThat(streams.state()).as(applicationId).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(changes.subList(Math.min(settledAt, changes.size()), changes.size()))
          .as("state changes of %s since it settled", applicationId)
          .isEmpty();
    }

    @Override
    public void close() {
      streams.close(Duration.ofSeconds(30));
    }
  }
}
