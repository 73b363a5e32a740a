package io.depthstream.streams.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.inference.DepthUpsampling;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.schemas.serde.AvroSerdes;
import io.depthstream.streams.inference.EstimatedFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class PendingFrameSerdeTest {

  private final PendingFrameSerde serde = new PendingFrameSerde(AvroSerdes.depthMap());

  /** A 4×3 prediction published as an 8×6 map in millimetres, as FrameInference makes it. */
  private static EstimatedFrame frame() {
    float[] metres = new float[12];
    for (int i = 0; i < metres.length; i++) {
      metres[i] = 1.2345f + 0.5f * i;
    }
    metres[5] = Float.NaN;
    DepthImage model = new DepthImage(4, 3, metres);
    double scale = DepthPngCodec.MILLIMETRES;
    byte[] png = DepthPngCodec.encode(DepthUpsampling.toSize(model, 8, 6), scale);
    DepthMap map =
        DepthMap.newBuilder()
            .setVehicleId("car-1")
            .setCameraId("front")
            .setSequence(7)
            .setCaptureTime(Instant.ofEpochMilli(1_700_000_000_123L))
            .setWidth(8)
            .setHeight(6)
            .setScale(scale)
            .setDepthPng(ByteBuffer.wrap(png))
            .setModelId("m")
            .setModelVersion("1")
            .setProvider("CPU")
            .setInferenceMs(3.0)
            .setEndToEndMs(9)
            .build();
    return new EstimatedFrame(map, model);
  }

  @Test
  void thePublishedValuesAreWhatAReaderOfDepthMapsDecodes() {
    EstimatedFrame frame = frame();
    DepthImage decoded =
        DepthPngCodec.decode(AvroBytes.toArray(frame.map().getDepthPng()), frame.map().getScale());
    assertThat(frame.published().metres()).containsExactly(decoded.metres());
  }

  @Test
  void theStoreKeepsThePredictionNotThePng() {
    EstimatedFrame frame = frame();
    byte[] stored = serde.serializer().serialize("pending", frame);
    EstimatedFrame back = serde.deserializer().deserialize("pending", stored);

    assertThat(back.map().getDepthPng().remaining()).isZero();
    assertThat(back.map().getSequence()).isEqualTo(7);
    assertThat(back.map().getCaptureTime()).isEqualTo(frame.map().getCaptureTime());
    assertThat(back.modelResolution().metres()).containsExactly(frame.modelResolution().metres());
    // Scoring from the stored form sees exactly the published values.
    assertThat(back.published().metres()).containsExactly(frame.published().metres());
    assertThat(stored.length).isLessThan(frame.map().getDepthPng().remaining() + 200);
  }

  @Test
  void truncatedOrForeignBytesAreASerializationError() {
    byte[] stored = serde.serializer().serialize("pending", frame());
    assertThatThrownBy(
            () ->
                serde
                    .deserializer()
                    .deserialize("pending", Arrays.copyOf(stored, stored.length - 4)))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("holds");
    byte[] foreign = stored.clone();
    foreign[0] = 9;
    assertThatThrownBy(() -> serde.deserializer().deserialize("pending", foreign))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format 9");
  }
}
