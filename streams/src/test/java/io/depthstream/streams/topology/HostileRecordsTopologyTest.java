package io.depthstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.streams.dlq.DeadLetterHeaders;
import io.depthstream.streams.dlq.DeadLetterReason;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Well-formed records from producers nobody controls: skewed clocks, absurd calibrations, invented
 * camera ids, keys that lie about their body, records larger than a dead letter may be. Each costs
 * one dead letter with its reason, and a well-behaved camera keeps being scored.
 */
class HostileRecordsTopologyTest {

  private static final long NOW = 100_000;
  private static final long HOUR = 3_600_000;

  @TempDir Path temp;
  private TopologyFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void aClockAnHourAheadIsDeadLetteredAndDoesNotSilenceItsNeighbours() {
    start(Map.of());
    CameraFrame future = TestRecords.greyFrame("v9", "cam0", 1, NOW + HOUR, 128);
    GroundTruth futureScan = TestRecords.uniformTruth(1, NOW + HOUR, 5.0);
    futureScan.setVehicleId("v9");
    // Straight into the topic, stamped with the producer's clock, as a broker would deliver them.
    pipeFrame("v9/cam0", fixture.topics.frames().encodeValue(future), NOW + HOUR);
    pipeScan("v9/cam0", fixture.topics.scans().encodeValue(futureScan), NOW + HOUR);
    assertThat(reasons())
        .containsExactly(DeadLetterReason.FUTURE_TIMESTAMP, DeadLetterReason.FUTURE_TIMESTAMP);

    // The neighbour on the same partition: scanned and scored as if nothing had happened.
    fixture.sendFrame(TestRecords.greyFrame(2, NOW + 10, 128));
    fixture.sendScan(TestRecords.uniformTruth(2, NOW + 20, 5.0));
    fixture.sendScan(TestRecords.uniformTruth(3, NOW + 1_200, 5.0));
    assertThat(reasons()).as("no late-ground-truth for the neighbour").isEmpty();
    assertThat(fixture.frameMetrics.readValuesToList()).hasSize(1);
  }

  @Test
  void aScanAYearOldIsTooOld() {
    start(Map.of());
    GroundTruth old = TestRecords.uniformTruth(1, NOW - 365L * 24 * HOUR, 5.0);
    pipeScan("v7/cam0", fixture.topics.scans().encodeValue(old), NOW - 365L * 24 * HOUR);
    assertThat(reasons()).containsExactly(DeadLetterReason.TOO_OLD);
  }

  @Test
  void aBadCalibrationIsRefusedAndThePreviousGoodOneStaysInForce() {
    start(Map.of());
    fixture.calibrations.pipeInput(TopologyFixture.CAMERA, TestRecords.calibration(), 0L);
    SensorCalibration huge = TestRecords.calibration();
    huge.setWidth(40_000);
    huge.setHeight(40_000);
    SensorCalibration nan = TestRecords.calibration();
    nan.setFx(Double.NaN);
    SensorCalibration sheared = TestRecords.calibration();
    sheared.setLidarToCamera(List.of(0.0, -1.1, 0.0, 0.0, 0.0, 0.0, -1.0, 0.0, 1.0, 0.0, 0.0, 0.0));
    for (SensorCalibration bad : List.of(huge, nan, sheared)) {
      fixture.calibrations.pipeInput(TopologyFixture.CAMERA, bad, 0L);
      List<TestRecord<byte[], byte[]>> letters = fixture.deadLetters();
      assertThat(letters).hasSize(1);
      assertThat(reason(letters.get(0))).isEqualTo(DeadLetterReason.BAD_CALIBRATION);
      assertThat(letters.get(0).value()).isEqualTo(fixture.topics.calibration().encodeValue(bad));
      assertThat(DeadLetterHeaders.text(letters.get(0).headers(), DeadLetterHeaders.ERROR))
          .contains("previous calibration of v7/cam0 stays in force");
    }

    fixture.sendScan(TestRecords.pointCloud(1, NOW, 5f, 0f, 0f, 1f));
    assertThat(reasons()).as("the sweep is projected with the good calibration").isEmpty();
    assertThat(fixture.metrics.scansProjected()).isEqualTo(1);
  }

  @Test
  void aKeyThatNamesAnotherCameraIsAMismatch() {
    start(Map.of());
    byte[] value = fixture.topics.frames().encodeValue(TestRecords.greyFrame(1, NOW, 128));
    pipeFrame("v8/cam0", value, NOW);
    List<TestRecord<byte[], byte[]>> letters = fixture.deadLetters();
    assertThat(letters).hasSize(1);
    assertThat(reason(letters.get(0))).isEqualTo(DeadLetterReason.KEY_MISMATCH);
    assertThat(letters.get(0).value()).isEqualTo(value);
    assertThat(fixture.depthMaps.isEmpty()).isTrue();
  }

  @Test
  void camerasPastTheCapAreRefusedUntilSilentOnesExpire() {
    start(Map.of("depthstream.state.max-cameras", "2", "depthstream.state.camera-ttl", "1m"));
    fixture.sendFrame(TestRecords.greyFrame("v1", "cam0", 1, NOW, 128));
    fixture.sendFrame(TestRecords.greyFrame("v2", "cam0", 1, NOW, 128));
    fixture.sendFrame(TestRecords.greyFrame("v3", "cam0", 1, NOW, 128));
    assertThat(reasons()).containsExactly(DeadLetterReason.TOO_MANY_KEYS);
    assertThat(fixture.depthMaps.readValuesToList()).hasSize(2);
    fixture.sendFrame(TestRecords.greyFrame("v1", "cam0", 2, NOW + 10, 128));
    assertThat(fixture.depthMaps.readValuesToList()).as("known cameras still pass").hasSize(1);

    // Two minutes of silence: the sweep forgets both, and the third camera gets a place.
    fixture.clock.set(NOW + 120_000);
    fixture.driver.advanceWallClockTime(Duration.ofMinutes(2));
    fixture.sendFrame(TestRecords.greyFrame("v3", "cam0", 2, NOW + 120_000, 128));
    assertThat(reasons()).isEmpty();
    assertThat(fixture.depthMaps.readValuesToList()).hasSize(1);
  }

  @Test
  void aDeadLetterOverTheRecordLimitIsWrittenTruncatedWithItsSizeAndHash() throws Exception {
    start(Map.of("depthstream.kafka.max-record-bytes", "8192"));
    CameraFrame stale = TestRecords.greyFrame(1, NOW - HOUR / 2, 128);
    stale.setData(java.nio.ByteBuffer.wrap(new byte[20_000]));
    byte[] value = fixture.topics.frames().encodeValue(stale);
    fixture.clock.set(NOW);
    pipeFrame("v7/cam0", value, NOW - HOUR / 2);
    List<TestRecord<byte[], byte[]>> letters = fixture.deadLetters();
    assertThat(letters).hasSize(1);
    TestRecord<byte[], byte[]> letter = letters.get(0);
    assertThat(reason(letter)).isEqualTo(DeadLetterReason.STALE);
    assertThat(letter.value().length).isLessThan(8192);
    assertThat(letter.value()).isEqualTo(Arrays.copyOf(value, letter.value().length));
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.TRUNCATED))
        .isEqualTo("true");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ORIGINAL_SIZE))
        .isEqualTo(Integer.toString(value.length));
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ORIGINAL_SHA256))
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value)));
  }

  private void start(Map<String, String> overrides) {
    fixture = new TopologyFixture(temp, overrides);
    fixture.clock.set(NOW);
  }

  private void pipeFrame(String key, byte[] value, long time) {
    fixture.frames.pipeInput(
        new TestRecord<>(
            key.getBytes(StandardCharsets.UTF_8),
            value,
            TopologyFixture.headers(),
            Instant.ofEpochMilli(time)));
  }

  private void pipeScan(String key, byte[] value, long time) {
    fixture.scans.pipeInput(
        new TestRecord<>(
            key.getBytes(StandardCharsets.UTF_8),
            value,
            TopologyFixture.headers(),
            Instant.ofEpochMilli(time)));
  }

  private List<String> reasons() {
    return fixture.deadLetters().stream().map(HostileRecordsTopologyTest::reason).toList();
  }

  private static String reason(TestRecord<byte[], byte[]> letter) {
    return DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.REASON);
  }
}
