package io.depthstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.SensorCalibration;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.apache.avro.SchemaNormalization;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

/** What a consumer is told when a value is not a record it can read. */
class RecordDecodingExceptionTest {

  private static final String TOPIC = "camera.frames";

  private final Deserializer<CameraFrame> deserializer = AvroSerdes.cameraFrame().deserializer();
  private final byte[] good =
      AvroSerdes.cameraFrame().serializer().serialize(TOPIC, Records.cameraFrame());
  private final String expectedFingerprint =
      String.format(
          "0x%016X", SchemaNormalization.parsingFingerprint64(CameraFrame.getClassSchema()));

  @Test
  void unknownFingerprintNamesTopicSchemaAndTheFingerprintSeen() {
    byte[] bytes = good.clone();
    // A fingerprint no CameraFrame version has: 0x0807060504030201, little-endian on the wire.
    for (int i = 0; i < 8; i++) {
      bytes[2 + i] = (byte) (i + 1);
    }

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(RecordDecodingException.class)
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'camera.frames'")
        .hasMessageContaining("io.depthstream.schemas.CameraFrame")
        .hasMessageContaining(expectedFingerprint)
        .hasMessageContaining("found schema fingerprint 0x0807060504030201")
        .hasMessageContaining("C3 01 01 02 03 04 05 06 07 08")
        .hasMessageContaining("Fix:");
  }

  @Test
  void truncatedBodySaysAfterHowManyBytes() {
    byte[] bytes = Arrays.copyOf(good, good.length - 3);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("topic 'camera.frames'")
        .hasMessageContaining("io.depthstream.schemas.CameraFrame")
        .hasMessageContaining(expectedFingerprint)
        .hasMessageContaining("truncated after " + bytes.length + " bytes")
        .hasMessageContaining("Fix:");
  }

  @Test
  void truncatedHeaderSaysAfterHowManyBytes() {
    byte[] bytes = Arrays.copyOf(good, 5);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("topic 'camera.frames'")
        .hasMessageContaining("io.depthstream.schemas.CameraFrame")
        .hasMessageContaining("truncated after 5 bytes");
  }

  @Test
  void emptyValueIsTruncatedAfterZeroBytes() {
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, new byte[0]))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("truncated after 0 bytes");
  }

  @Test
  void wrongMarkerSaysWhatWasFoundAndWhatIsAccepted() {
    byte[] registryFramed = good.clone();
    registryFramed[0] = 0x00;
    registryFramed[1] = 0x00;

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, registryFramed))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("topic 'camera.frames'")
        .hasMessageContaining("starts with 00 00")
        .hasMessageContaining("C3 01");
  }

  @Test
  void aRecordOfAnotherTopicIsAnUnknownFingerprint() {
    byte[] calibration =
        AvroSerdes.sensorCalibration()
            .serializer()
            .serialize("sensor.calibration", Records.sensorCalibration());
    String calibrationFingerprint =
        String.format(
            "0x%016X",
            SchemaNormalization.parsingFingerprint64(SensorCalibration.getClassSchema()));

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, calibration))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("found schema fingerprint " + calibrationFingerprint);
  }

  /**
   * A tiny value whose data field claims 1 GB (under Avro's own 2 GiB limit) must be refused before
   * Avro allocates the buffer: an OutOfMemoryError would take the stream thread down.
   */
  @Test
  void hostileLengthPrefixIsRefusedWithoutAllocatingIt() {
    // Header, then vehicleId "v", cameraId "c", sequence 0, captureTime 0, JPEG, width 0, height 0,
    // then data declaring 10^9 bytes, and 3 bytes of it.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(good, 0, 10);
    out.writeBytes(new byte[] {2, 'v', 2, 'c', 0, 0, 0, 0, 0});
    out.writeBytes(zigZagVarint(1_000_000_000L));
    out.writeBytes(new byte[] {1, 2, 3});
    byte[] bytes = out.toByteArray();

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("truncated after " + bytes.length + " bytes")
        .hasMessageContaining("declares 1000000000 bytes but only 3 remain");
  }

  @Test
  void hostileStringLengthIsRefused() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(good, 0, 10);
    out.writeBytes(zigZagVarint(1_000_000_000L));
    out.writeBytes(new byte[] {'v', '7'});
    byte[] bytes = out.toByteArray();

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("a string field declares 1000000000 bytes but only 2 remain");
  }

  @Test
  void hostileArrayCountIsRefused() {
    byte[] good =
        AvroSerdes.sensorCalibration()
            .serializer()
            .serialize("sensor.calibration", Records.sensorCalibration());
    // Header, vehicleId "v7", cameraId "cam0", four doubles, width 1242 and height 375 (2 bytes
    // each), then the lidarToCamera item count: 100 million, under Avro's own limit.
    int countAt = 10 + 3 + 5 + 4 * 8 + 2 + 2;
    byte[] hugeCount = zigZagVarint(100_000_000L);
    byte[] bytes = Arrays.copyOf(good, countAt + hugeCount.length + 16);
    System.arraycopy(hugeCount, 0, bytes, countAt, hugeCount.length);

    assertThatThrownBy(
            () -> deserializer(SensorCalibration.class).deserialize("sensor.calibration", bytes))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("topic 'sensor.calibration'")
        .hasMessageContaining("declares 100000000 items but only 16 bytes remain");
  }

  private static byte[] zigZagVarint(long value) {
    long n = (value << 1) ^ (value >> 63);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((n & ~0x7FL) != 0) {
      out.write((int) ((n & 0x7F) | 0x80));
      n >>>= 7;
    }
    out.write((int) n);
    return out.toByteArray();
  }

  @Test
  void corruptEnumIndexIsABodyProblemNotACrash() {
    byte[] bytes = good.clone();
    // Body: 04 'v' '7' 08 'cam0' A4 13 <captureTime varint, 6 bytes> <encoding>
    int encodingAt = 10 + 3 + 5 + 2 + 6;
    assertThat(bytes[encodingAt]).as("RGB8 = index 2, zig-zag 4").isEqualTo((byte) 4);
    bytes[encodingAt] = 40;

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("topic 'camera.frames'")
        .hasMessageContaining("body does not decode");
  }

  @Test
  void trailingBytesAreRefused() {
    byte[] bytes = Arrays.copyOf(good, good.length + 2);

    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, bytes))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("2 bytes are left over");
  }

  @Test
  void theDeserializerKeepsWorkingAfterAFailure() {
    assertThatThrownBy(() -> deserializer.deserialize(TOPIC, Arrays.copyOf(good, 20)))
        .isInstanceOf(RecordDecodingException.class);

    assertThat(deserializer.deserialize(TOPIC, good)).isEqualTo(Records.cameraFrame());
  }

  private static <T extends org.apache.avro.specific.SpecificRecord> Deserializer<T> deserializer(
      Class<T> type) {
    return AvroSerdes.of(type).deserializer();
  }
}
