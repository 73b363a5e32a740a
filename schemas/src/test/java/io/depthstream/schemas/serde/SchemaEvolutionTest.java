package io.depthstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.SensorCalibration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.SchemaStore;
import org.junit.jupiter.api.Test;

class SchemaEvolutionTest {

  private static Schema cameraFrameV1() throws IOException {
    try (InputStream in =
        SchemaEvolutionTest.class.getResourceAsStream(
            SchemaHistory.resourceName("CameraFrame", 1))) {
      return new Schema.Parser().parse(in);
    }
  }

  /** Bytes exactly as a producer still on CameraFrame v1 writes them (no width/height). */
  private static byte[] v1Frame(Schema v1) throws IOException {
    GenericRecord frame =
        new GenericRecordBuilder(v1)
            .set("vehicleId", "v3")
            .set("cameraId", "front")
            .set("sequence", 77L)
            .set("captureTime", 1_795_000_000_500L)
            .set("encoding", new GenericData.EnumSymbol(v1.getField("encoding").schema(), "PNG"))
            .set("data", ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}))
            .build();
    return new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(frame).array();
  }

  @Test
  void framesWrittenWithVersion1AreReadWithTheNewFieldsDefaulted() throws IOException {
    Schema v1 = cameraFrameV1();
    assertThat(v1.getField("width")).as("v1 predates width").isNull();

    CameraFrame frame =
        AvroSerdes.cameraFrame().deserializer().deserialize("camera.frames", v1Frame(v1));

    assertThat(frame.getVehicleId()).isEqualTo("v3");
    assertThat(frame.getCameraId()).isEqualTo("front");
    assertThat(frame.getSequence()).isEqualTo(77L);
    assertThat(frame.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(1_795_000_000_500L));
    assertThat(frame.getEncoding()).isEqualTo(ImageEncoding.PNG);
    assertThat(frame.getData()).isEqualTo(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G'}));
    assertThat(frame.getWidth()).as("default: read from the PNG header").isZero();
    assertThat(frame.getHeight()).isZero();
  }

  @Test
  void version1HasItsOwnFingerprintSoTheDecoderKnowsWhichSchemaWrote() throws IOException {
    Schema v1 = cameraFrameV1();
    byte[] bytes = v1Frame(v1);

    long current = SchemaNormalization.parsingFingerprint64(CameraFrame.getClassSchema());
    long old = SchemaNormalization.parsingFingerprint64(v1);

    assertThat(old).isNotEqualTo(current);
    assertThat(SingleObjectDeserializer.readFingerprint(bytes)).isEqualTo(old);
    assertThat(new SingleObjectDeserializer<>(CameraFrame.class).knownFingerprints())
        .containsExactly(current, old);
  }

  @Test
  void everyBundledOlderVersionCanBeReadByTheCurrentSchema() {
    List<Schema> current =
        List.of(
            CameraFrame.getClassSchema(),
            GroundTruth.getClassSchema(),
            SensorCalibration.getClassSchema(),
            DepthMap.getClassSchema(),
            FrameMetrics.getClassSchema(),
            MetricsWindow.getClassSchema());
    for (Schema reader : current) {
      for (Schema writer : SchemaHistory.olderVersions(reader)) {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType())
            .as("%s can read its older version", reader.getName())
            .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      }
    }
    assertThat(SchemaHistory.olderVersions(CameraFrame.getClassSchema())).hasSize(1);
    assertThat(SchemaHistory.olderVersions(DepthMap.getClassSchema())).isEmpty();
  }

  /** A newer producer added a field; the old consumer reads it once a SchemaStore supplies it. */
  @Test
  void aSchemaStoreLetsTheConsumerReadAVersionItDoesNotBundle() throws IOException {
    Schema newer =
        new Schema.Parser()
            .parse(
                CameraFrame.getClassSchema()
                    .toString()
                    .replace(
                        "{\"name\":\"data\"",
                        "{\"name\":\"exposureMs\",\"type\":\"double\",\"default\":0.0},"
                            + "{\"name\":\"data\""));
    assertThat(newer.getField("exposureMs")).isNotNull();
    GenericRecordBuilder builder = new GenericRecordBuilder(newer);
    CameraFrame original = Records.cameraFrame();
    for (Schema.Field field : CameraFrame.getClassSchema().getFields()) {
      builder.set(field.name(), original.get(field.name()));
    }
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(
        new org.apache.avro.data.TimeConversions.TimestampMillisConversion());
    GenericRecord written = builder.set("exposureMs", 8.5).build();
    byte[] bytes = new BinaryMessageEncoder<GenericRecord>(model, newer).encode(written).array();

    assertThatThrownBy(
            () -> AvroSerdes.cameraFrame().deserializer().deserialize("camera.frames", bytes))
        .isInstanceOf(RecordDecodingException.class)
        .hasMessageContaining("none of the versions this consumer knows");

    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(newer);
    CameraFrame read =
        AvroSerdes.of(CameraFrame.class, store).deserializer().deserialize("camera.frames", bytes);

    assertThat(read).isEqualTo(original);
  }
}
