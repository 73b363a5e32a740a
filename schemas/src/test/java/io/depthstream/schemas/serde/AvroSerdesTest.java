package io.depthstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.schemas.CameraFrame;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AvroSerdesTest {

  static Stream<Arguments> everyType() {
    return Stream.of(
        Arguments.of("camera.frames", (Supplier<?>) AvroSerdes::cameraFrame, Records.cameraFrame()),
        Arguments.of("lidar.scans", (Supplier<?>) AvroSerdes::groundTruth, Records.groundTruth()),
        Arguments.of(
            "sensor.calibration",
            (Supplier<?>) AvroSerdes::sensorCalibration,
            Records.sensorCalibration()),
        Arguments.of("depth.maps", (Supplier<?>) AvroSerdes::depthMap, Records.depthMap()),
        Arguments.of(
            "depth.metrics.frames", (Supplier<?>) AvroSerdes::frameMetrics, Records.frameMetrics()),
        Arguments.of(
            "depth.metrics.windows",
            (Supplier<?>) AvroSerdes::metricsWindow,
            Records.metricsWindow()));
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void everyTypeSurvivesARoundTrip(
      String topic, Supplier<Serde<SpecificRecord>> serdes, SpecificRecord record) {
    Serde<SpecificRecord> serde = serdes.get();

    byte[] bytes = serde.serializer().serialize(topic, record);
    SpecificRecord back = serde.deserializer().deserialize(topic, bytes);

    assertThat(back).isEqualTo(record).isNotSameAs(record);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
  }

  @SuppressWarnings("unchecked")
  @ParameterizedTest(name = "{0}")
  @MethodSource("everyType")
  void nullIsATombstoneBothWays(
      String topic, Supplier<Serde<SpecificRecord>> serdes, SpecificRecord record) {
    Serde<SpecificRecord> serde = serdes.get();

    assertThat(serde.serializer().serialize(topic, null)).isNull();
    assertThat(serde.deserializer().deserialize(topic, null)).isNull();
  }

  @Test
  void aRecordWithAMissingRequiredFieldFailsToSerializeWithTheTopicAndTheFix() {
    CameraFrame incomplete = new CameraFrame();
    incomplete.setCameraId("cam0");

    assertThatThrownBy(
            () -> AvroSerdes.cameraFrame().serializer().serialize("camera.frames", incomplete))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("topic 'camera.frames'")
        .hasMessageContaining("cannot serialize CameraFrame")
        .hasMessageContaining("CameraFrame.newBuilder()");
  }
}
