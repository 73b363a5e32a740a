package io.depthstream.streams.windows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.metrics.DepthBoundaryError;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsScope;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class MetricsAccumulatorSerdeTest {

  private final MetricsAccumulatorSerde serde = new MetricsAccumulatorSerde();

  @Test
  void restoredAccumulatorContinuesExactly() {
    MetricsAccumulator acc = new MetricsAccumulator();
    acc.add(new DepthMetrics(1, 1, 1, 0.1, 0.2, 0.3, 0.4, 0.5, 6, 100));
    acc.add(new DepthMetrics(0, 1, 1, 0.3, 0.2, 0.5, 0.4, 0.5, 8, 50));
    acc.add(DepthMetrics.empty());

    MetricsAccumulator back =
        serde.deserializer().deserialize("t", serde.serializer().serialize("t", acc));

    assertThat(back.count()).isEqualTo(2);
    assertThat(back.skipped()).isEqualTo(1);
    assertThat(back.validPixels()).isEqualTo(150);
    assertThat(back.sums()).containsExactly(acc.sums());
    assertThat(back.mean().absRel()).isEqualTo(0.2);
  }

  @Test
  void theBoundaryErrorSurvivesARestore() {
    MetricsAccumulator acc = new MetricsAccumulator();
    acc.add(
        new DepthMetrics(1, 1, 1, 0.1, 0.2, 0.3, 0.4, 0.5, 6, 100)
            .withBoundaryError(new DepthBoundaryError(2, 6)));
    acc.add(new DepthMetrics(0, 1, 1, 0.3, 0.2, 0.5, 0.4, 0.5, 8, 50));

    MetricsAccumulator back =
        serde.deserializer().deserialize("t", serde.serializer().serialize("t", acc));

    assertThat(back.boundaryCount()).isEqualTo(1);
    assertThat(back.boundarySums()).containsExactly(2, 6);
    assertThat(back.mean()).isEqualTo(acc.mean());
  }

  @Test
  void stateWrittenInFormat1IsStillRead() {
    // Format 1: byte 1, count 2, valid pixels 150, skipped 1, nine sums; no boundary error.
    ByteBuffer v1 = ByteBuffer.allocate(1 + 3 * 8 + 9 * 8);
    v1.put((byte) 1).putLong(2).putLong(150).putLong(1);
    double[] sums = {1, 2, 2, 0.4, 0.4, 0.8, 0.8, 1.0, 14};
    for (double sum : sums) {
      v1.putDouble(sum);
    }

    MetricsAccumulator back = serde.deserializer().deserialize("t", v1.array());

    assertThat(back.count()).isEqualTo(2);
    assertThat(back.skipped()).isEqualTo(1);
    assertThat(back.sums()).containsExactly(sums);
    assertThat(back.boundaryCount()).isZero();
    assertThat(back.mean().hasBoundaryError()).isFalse();
  }

  @Test
  void refusesBytesOfAnotherFormat() {
    assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {2, 0}))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("not a metrics accumulator");
  }

  @Test
  void scopeKeysRoundTripAndFanOutToVehicleModelFleet() {
    FrameMetrics m =
        FrameMetrics.newBuilder()
            .setVehicleId("v/7")
            .setCameraId("cam0")
            .setSequence(1)
            .setCaptureTime(java.time.Instant.EPOCH)
            .setModelId("dd-169")
            .setModelVersion("1")
            .setGroundTruthOffsetMs(0)
            .setValidPixels(1)
            .setDelta1(1)
            .setDelta2(1)
            .setDelta3(1)
            .setAbsRel(0)
            .setSqRel(0)
            .setRmse(0)
            .setRmseLog(0)
            .setLog10(0)
            .setSilog(0)
            .build();
    var keys = ScopeKey.fanOut(m, "fleet").stream().map(kv -> ScopeKey.decode(kv.key)).toList();
    assertThat(keys)
        .containsExactly(
            new ScopeKey(MetricsScope.VEHICLE, "v/7", "dd-169"),
            new ScopeKey(MetricsScope.MODEL, "dd-169", "dd-169"),
            new ScopeKey(MetricsScope.FLEET, "fleet", "dd-169"));
  }
}
