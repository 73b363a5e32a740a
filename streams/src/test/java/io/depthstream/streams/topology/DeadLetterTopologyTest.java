package io.depthstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.streams.dlq.DeadLetterHeaders;
import io.depthstream.streams.dlq.DeadLetterReason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every class of bad input costs one DLQ record with its reason, its original bytes and headers and
 * where it came from, while a good record sent after each one still becomes a depth map; the
 * counters add up (in = out + dead letters).
 */
class DeadLetterTopologyTest {

  @TempDir Path temp;
  private TopologyFixture fixture;
  private long frameOffset;
  private long scanOffset;

  @BeforeEach
  void start() {
    fixture = new TopologyFixture(temp, Map.of());
    fixture.clock.set(100_000);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void everyBadFrameLandsInTheDlqWithItsReasonWhileGoodFramesFlow() {
    byte[] good = fixture.topics.frames().encodeValue(TestRecords.greyFrame(1, 99_000, 128));
    byte[] truncated = Arrays.copyOf(good, good.length / 2);
    byte[] unknownSchema = good.clone();
    unknownSchema[5] ^= 0x5A;
    byte[] corruptJpeg =
        encode(
            TestRecords.frame(
                2,
                99_000,
                ImageEncoding.JPEG,
                0,
                0,
                new byte[] {(byte) 0xFF, (byte) 0xD8, 1, 2, 3, 4, 5}));
    byte[] hugePng =
        encode(TestRecords.frame(3, 99_000, ImageEncoding.PNG, 0, 0, pngHeader(60_000, 60_000)));
    byte[] stale = encode(TestRecords.greyFrame(4, 100_000 - 31_000, 128));
    byte[] notAvro = "{\"json\": true}".getBytes(StandardCharsets.UTF_8);

    frame(truncated, DeadLetterReason.TRUNCATED);
    frame(unknownSchema, DeadLetterReason.UNKNOWN_SCHEMA);
    frame(corruptJpeg, "corrupt");
    frame(hugePng, "oversized");
    frame(stale, DeadLetterReason.STALE);
    frame(notAvro, DeadLetterReason.NOT_AVRO);

    fixture.frames.pipeInput(
        new TestRecord<>(null, good, TopologyFixture.headers(), Instant.ofEpochMilli(99_000)));
    List<TestRecord<byte[], byte[]>> letters = fixture.deadLetters();
    assertThat(letters).hasSize(1);
    assertThat(reason(letters.get(0).headers())).isEqualTo(DeadLetterReason.MISSING_KEY);
    frameOffset++;
    sendGoodFrame();

    assertThat(fixture.metrics.framesIn()).isEqualTo(14);
    assertThat(fixture.metrics.framesOut()).isEqualTo(7);
    assertThat(fixture.metrics.deadLetters(fixture.topics.frames().name())).isEqualTo(7);
    assertThat(fixture.metrics.framesStale()).isEqualTo(1);
    assertThat(fixture.metrics.deadLettersFor(DeadLetterReason.STALE)).isEqualTo(1);
  }

  @Test
  void badScansLandInTheDlqWithTheirReason() {
    fixture.calibrations.pipeInput(TopologyFixture.CAMERA, TestRecords.calibration(), 0L);
    byte[] nanPoints =
        fixture
            .topics
            .scans()
            .encodeValue(TestRecords.pointCloud(1, 99_000, Float.NaN, 0f, 0f, 1f, 5f, 0f, 0f, 1f));
    scan(TopologyFixture.CAMERA, nanPoints, DeadLetterReason.INVALID_POINTS);

    GroundTruth uncalibratedScan = TestRecords.pointCloud(2, 99_000, 5f, 0f, 0f, 1f);
    uncalibratedScan.setCameraId("cam9");
    byte[] uncalibrated = fixture.topics.scans().encodeValue(uncalibratedScan);
    scan("v7/cam9", uncalibrated, DeadLetterReason.MISSING_CALIBRATION);

    byte[] good = fixture.topics.scans().encodeValue(TestRecords.uniformTruth(3, 99_000, 5.0));
    scan(TopologyFixture.CAMERA, Arrays.copyOf(good, 12), DeadLetterReason.TRUNCATED);

    scan("v7/cam8", uncalibrated, DeadLetterReason.KEY_MISMATCH);

    assertThat(fixture.metrics.scansIn()).isEqualTo(4);
    assertThat(fixture.metrics.scansProjected()).isZero();
    fixture.sendScan(TopologyFixture.key("v7", "cam0"), good, Instant.ofEpochMilli(99_000));
    assertThat(fixture.metrics.scansProjected()).isEqualTo(1);
    assertThat(fixture.metrics.scansIn())
        .isEqualTo(
            fixture.metrics.scansProjected()
                + fixture.metrics.deadLetters(fixture.topics.scans().name()));
  }

  private void frame(byte[] value, String expectedReason) {
    byte[] key = TopologyFixture.key("v7", "cam0");
    fixture.sendFrame(key, value, Instant.ofEpochMilli(99_000));
    List<TestRecord<byte[], byte[]>> letters = fixture.deadLetters();
    assertThat(letters).as(expectedReason).hasSize(1);
    TestRecord<byte[], byte[]> letter = letters.get(0);
    assertThat(reason(letter.headers())).isEqualTo(expectedReason);
    assertThat(letter.value()).isEqualTo(value);
    assertThat(letter.key()).isEqualTo(key);
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.SOURCE_TOPIC))
        .isEqualTo(fixture.topics.frames().name());
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.SOURCE_PARTITION))
        .isEqualTo("0");
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo(Long.toString(frameOffset++));
    assertThat(DeadLetterHeaders.text(letter.headers(), DeadLetterHeaders.ERROR)).isNotBlank();
    assertThat(DeadLetterHeaders.text(letter.headers(), "trace-id")).isEqualTo("abc123");
    sendGoodFrame();
  }

  private void sendGoodFrame() {
    fixture.sendFrame(TestRecords.greyFrame(frameOffset, 99_000, 128));
    frameOffset++;
    assertThat(fixture.depthMaps.readValuesToList()).as("good frames keep flowing").hasSize(1);
  }

  private void scan(String key, byte[] value, String expectedReason) {
    fixture.sendScan(key.getBytes(StandardCharsets.UTF_8), value, Instant.ofEpochMilli(99_000));
    List<TestRecord<byte[], byte[]>> letters = fixture.deadLetters();
    assertThat(letters).as(expectedReason).hasSize(1);
    assertThat(reason(letters.get(0).headers())).isEqualTo(expectedReason);
    assertThat(letters.get(0).value()).isEqualTo(value);
    assertThat(DeadLetterHeaders.text(letters.get(0).headers(), DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo(Long.toString(scanOffset++));
    assertThat(DeadLetterHeaders.text(letters.get(0).headers(), DeadLetterHeaders.ERROR))
        .isNotBlank();
  }

  private byte[] encode(CameraFrame frame) {
    return fixture.topics.frames().encodeValue(frame);
  }

  private static String reason(Headers headers) {
    return DeadLetterHeaders.text(headers, DeadLetterHeaders.REASON);
  }

  /** A PNG signature and IHDR chunk declaring {@code width × height}, and nothing else. */
  private static byte[] pngHeader(int width, int height) {
    ByteBuffer ihdr = ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(width).putInt(height);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    CRC32 crc = new CRC32();
    crc.update(ihdr.array());
    return ByteBuffer.allocate(8 + 4 + 17 + 4)
        .put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'})
        .putInt(13)
        .put(ihdr.array())
        .putInt((int) crc.getValue())
        .array();
  }
}
