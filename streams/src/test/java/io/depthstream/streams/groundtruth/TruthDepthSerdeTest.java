package io.depthstream.streams.groundtruth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.serde.AvroSerdes;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class TruthDepthSerdeTest {

  private final TruthDepthSerde serde =
      new TruthDepthSerde(AvroSerdes.groundTruth(), ImageLimits.DEFAULTS);

  private TruthDepth roundTrip(TruthDepth truth) {
    return serde.deserializer().deserialize("t", serde.serializer().serialize("t", truth));
  }

  @Test
  void sparseTruthComesBackWithTheSameDepthsAndTime() {
    SparseDepth depth =
        new SparseDepth(640, 480, new int[] {7, 8, 640 * 300 + 5}, new float[] {3.3f, 3.31f, 81f});
    TruthDepth.Sparse stored = TruthDepth.Sparse.rounded(1_234L, depth, DepthPngCodec.KITTI);

    TruthDepth read = roundTrip(stored);
    assertThat(read).as("decoded when scored").isInstanceOf(TruthDepth.Deferred.class);
    TruthDepth.Sparse back = (TruthDepth.Sparse) read.decoded();

    assertThat(back.captureTime()).isEqualTo(1_234L);
    assertThat(back.scale()).isEqualTo(DepthPngCodec.KITTI);
    assertThat(back.depth().pixels()).containsExactly(stored.depth().pixels());
    // Rounded at projection, so the store round trip changes nothing.
    assertThat(back.depth().metres()).containsExactly(stored.depth().metres());
  }

  @Test
  void aDepthSensorsPngIsKeptAsItCame() {
    byte[] png =
        DepthPngCodec.encode(
            new DepthImage(4, 2, new float[] {1, 2, 3, 0, 5, 6, 7, 8}), DepthPngCodec.MILLIMETRES);
    TruthDepth.DepthPng back =
        (TruthDepth.DepthPng)
            roundTrip(new TruthDepth.DepthPng(99L, png, DepthPngCodec.MILLIMETRES));
    assertThat(back.png()).containsExactly(png);
    assertThat(back.scale()).isEqualTo(DepthPngCodec.MILLIMETRES);
    assertThat(back.captureTime()).isEqualTo(99L);
  }

  @Test
  void readsWhatTheStoreHeldBeforeIssue12() {
    // Earlier versions stored the projected GroundTruth record itself (a DEPTH_IMAGE whose PNG
    // held the projected LiDAR): after an upgrade the changelog restores those, and they must
    // score as they did, from their PNG.
    DepthImage projected = new DepthImage(3, 2, new float[] {0, 4.5f, 0, 0, 0, 70f});
    byte[] png = DepthPngCodec.encode(projected, DepthPngCodec.KITTI);
    GroundTruth previous =
        GroundTruth.newBuilder()
            .setVehicleId("v1")
            .setCameraId("cam0")
            .setSequence(3)
            .setCaptureTime(Instant.ofEpochMilli(5_000L))
            .setPointStride(4)
            .setKind(GroundTruthKind.DEPTH_IMAGE)
            .setPoints(ByteBuffer.allocate(0))
            .setDepthPng(ByteBuffer.wrap(png))
            .setDepthScale(DepthPngCodec.KITTI)
            .build();
    byte[] stored = AvroSerdes.groundTruth().serializer().serialize("t", previous);

    TruthDepth back = serde.deserializer().deserialize("t", stored);

    assertThat(back).isInstanceOf(TruthDepth.DepthPng.class);
    assertThat(back.captureTime()).isEqualTo(5_000L);
    assertThat(back.image(ImageLimits.DEFAULTS).metres())
        .containsExactly(DepthPngCodec.decode(png, DepthPngCodec.KITTI).metres());
  }

  @Test
  void refusesAnUnknownFormatOrATruncatedValue() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {9, 1}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("format 9");
    byte[] sparse =
        serde
            .serializer()
            .serialize(
                "t",
                TruthDepth.Sparse.rounded(
                    1L, new SparseDepth(4, 4, new int[] {3}, new float[] {2f}), 0.001));
    byte[] cut = Arrays.copyOf(sparse, sparse.length - 1);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", cut).decoded())
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {1, 1, 0}))
        .isInstanceOf(SerializationException.class);
  }
}
