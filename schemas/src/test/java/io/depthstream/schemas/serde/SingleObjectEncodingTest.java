package io.depthstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.schemas.CameraFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The serialized bytes against the Avro specification's single-object encoding. */
class SingleObjectEncodingTest {

  private final CameraFrame frame = Records.cameraFrame();
  private final byte[] bytes =
      AvroSerdes.cameraFrame().serializer().serialize("camera.frames", frame);

  @Test
  void startsWithTheTwoMarkerBytes() {
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
  }

  @Test
  void nextEightBytesAreTheLittleEndianCrc64FingerprintOfTheSchema() {
    long fingerprint = SchemaNormalization.parsingFingerprint64(CameraFrame.getClassSchema());
    byte[] expected =
        ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array();

    assertThat(Arrays.copyOfRange(bytes, 2, 10)).containsExactly(expected);
    // Little-endian: the fingerprint's lowest byte comes first.
    assertThat(bytes[2]).isEqualTo((byte) fingerprint);
    assertThat(bytes[9]).isEqualTo((byte) (fingerprint >>> 56));
  }

  @Test
  void theRestIsThePlainAvroBinaryEncodingOfTheRecord() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
    new SpecificDatumWriter<>(CameraFrame.class).write(frame, encoder);
    encoder.flush();

    assertThat(Arrays.copyOfRange(bytes, 10, bytes.length)).containsExactly(body.toByteArray());
  }

  /** The body byte by byte, as schemas/README.md walks through it for other languages. */
  @Test
  void theBodyFollowsTheFieldOrderWithZigZagVarints() {
    byte[] body = Arrays.copyOfRange(bytes, 10, bytes.length);
    ByteBuffer in = ByteBuffer.wrap(body);

    assertThat(in.get()).as("vehicleId length 2, zig-zag").isEqualTo((byte) 4);
    assertThat(new byte[] {in.get(), in.get()}).containsExactly('v', '7');
    assertThat(in.get()).as("cameraId length 4").isEqualTo((byte) 8);
    in.position(in.position() + 4);
    // sequence 1234 -> zig-zag 2468 -> varint A4 13
    assertThat(new byte[] {in.get(), in.get()}).containsExactly((byte) 0xA4, (byte) 0x13);
    long captureMillis = readVarLong(in);
    assertThat(captureMillis).isEqualTo(Records.CAPTURED.toEpochMilli());
    assertThat(in.get()).as("encoding RGB8 = symbol index 2").isEqualTo((byte) 4);
    assertThat(in.get()).as("width 2").isEqualTo((byte) 4);
    assertThat(in.get()).as("height 1").isEqualTo((byte) 2);
    assertThat(in.get()).as("data length 6").isEqualTo((byte) 12);
    assertThat(in.remaining()).isEqualTo(6);
  }

  private static long readVarLong(ByteBuffer in) {
    long n = 0;
    int shift = 0;
    byte b;
    do {
      b = in.get();
      n |= (long) (b & 0x7F) << shift;
      shift += 7;
    } while ((b & 0x80) != 0);
    return (n >>> 1) ^ -(n & 1);
  }
}
