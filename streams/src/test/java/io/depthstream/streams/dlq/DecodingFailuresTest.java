package io.depthstream.streams.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** The reason codes for values the real Avro serde refuses. */
class DecodingFailuresTest {

  private final Serde<CameraFrame> serde = AvroSerdes.cameraFrame();
  private final byte[] good =
      serde
          .serializer()
          .serialize(
              "t",
              CameraFrame.newBuilder()
                  .setVehicleId("v")
                  .setCameraId("c")
                  .setSequence(1)
                  .setCaptureTime(Instant.ofEpochMilli(5))
                  .setEncoding(ImageEncoding.RGB8)
                  .setWidth(1)
                  .setHeight(1)
                  .setData(ByteBuffer.wrap(new byte[] {1, 2, 3}))
                  .build());

  @Test
  void namesEachDefect() {
    byte[] unknown = good.clone();
    unknown[9] ^= 0x01;
    assertThat(reason(unknown)).isEqualTo(DeadLetterReason.UNKNOWN_SCHEMA);
    assertThat(reason(Arrays.copyOf(good, good.length - 3))).isEqualTo(DeadLetterReason.TRUNCATED);
    assertThat(reason(Arrays.copyOf(good, 6))).isEqualTo(DeadLetterReason.TRUNCATED);
    assertThat(reason("plain text".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(DeadLetterReason.NOT_AVRO);
    byte[] trailing = Arrays.copyOf(good, good.length + 4);
    assertThat(reason(trailing)).isEqualTo(DeadLetterReason.MALFORMED);
  }

  private String reason(byte[] value) {
    SerializationException e =
        catchThrowableOfType(
            SerializationException.class, () -> serde.deserializer().deserialize("t", value));
    assertThat(e).as("the serde must refuse these bytes").isNotNull();
    return DecodingFailures.reasonOf(e, value);
  }
}
