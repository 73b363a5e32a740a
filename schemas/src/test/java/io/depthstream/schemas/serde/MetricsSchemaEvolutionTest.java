package io.depthstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsWindow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

/**
 * Version 2 of FrameMetrics and MetricsWindow added the depth boundary error. Records of version 1
 * still decode with the new reader, and a reader still on version 1 decodes version-2 records once
 * it has the new schema, skipping the new fields.
 */
class MetricsSchemaEvolutionTest {

  private static Schema version1(String name) throws IOException {
    try (InputStream in =
        MetricsSchemaEvolutionTest.class.getResourceAsStream(SchemaHistory.resourceName(name, 1))) {
      return new Schema.Parser().parse(in);
    }
  }

  private static GenericData genericWithTimestamps() {
    GenericData model = new GenericData();
    model.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    return model;
  }

  /**
   * {@code record}'s fields that {@code v1} knows, as a version-1 producer would have sent them.
   */
  private static byte[] writtenWithVersion1(Schema v1, SpecificRecord record) throws IOException {
    GenericRecordBuilder builder = new GenericRecordBuilder(v1);
    for (Schema.Field field : v1.getFields()) {
      Object value = record.get(record.getSchema().getField(field.name()).pos());
      if (value instanceof Enum<?> symbol) {
        value = new GenericData.EnumSymbol(field.schema(), symbol.name());
      }
      builder.set(field.name(), value);
    }
    ByteBuffer encoded =
        new BinaryMessageEncoder<GenericRecord>(genericWithTimestamps(), v1)
            .encode(builder.build());
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    return bytes;
  }

  /**
   * A consumer that only knows version 1, with {@code store} for the schemas it was not built with.
   */
  private static GenericRecord readWithVersion1(Schema v1, SchemaStore store, byte[] bytes)
      throws IOException {
    return new BinaryMessageDecoder<GenericRecord>(genericWithTimestamps(), v1, store)
        .decode(bytes);
  }

  private static FrameMetrics frameWithBoundaryError() {
    FrameMetrics frame = Records.frameMetrics();
    frame.setDbeAccuracy(2.75);
    frame.setDbeCompleteness(4.5);
    return frame;
  }

  private static MetricsWindow windowWithBoundaryError() {
    MetricsWindow window = Records.metricsWindow();
    window.setDbeFrames(1200L);
    window.setDbeAccuracy(3.25);
    window.setDbeCompleteness(5.0);
    return window;
  }

  @Test
  void eachVersionReadsTheOther() throws IOException {
    for (Schema current : List.of(FrameMetrics.getClassSchema(), MetricsWindow.getClassSchema())) {
      Schema v1 = version1(current.getName());
      assertThat(v1.getField("dbeAccuracy")).as("%s v1 predates the DBE", v1.getName()).isNull();
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, v1).getType())
          .as("%s v2 reads v1", v1.getName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(v1, current).getType())
          .as("%s v1 reads v2", v1.getName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @Test
  void frameMetricsOfVersion1DecodeWithoutABoundaryError() throws IOException {
    FrameMetrics original = Records.frameMetrics();
    byte[] bytes = writtenWithVersion1(version1("FrameMetrics"), original);

    FrameMetrics read = AvroSerdes.frameMetrics().deserializer().deserialize("t", bytes);

    assertThat(read).isEqualTo(original);
    assertThat(read.getDelta1()).isEqualTo(0.846);
    assertThat(read.getDbeAccuracy()).isNull();
    assertThat(read.getDbeCompleteness()).isNull();
  }

  @Test
  void metricsWindowsOfVersion1DecodeWithoutABoundaryError() throws IOException {
    MetricsWindow original = Records.metricsWindow();
    byte[] bytes = writtenWithVersion1(version1("MetricsWindow"), original);

    MetricsWindow read = AvroSerdes.metricsWindow().deserializer().deserialize("t", bytes);

    assertThat(read).isEqualTo(original);
    assertThat(read.getDbeFrames()).isZero();
    assertThat(read.getDbeAccuracy()).isNull();
  }

  @Test
  void aVersion1ConsumerReadsVersion2FrameMetricsGivenTheNewSchema() throws IOException {
    Schema v1 = version1("FrameMetrics");
    FrameMetrics written = frameWithBoundaryError();
    byte[] bytes = AvroSerdes.frameMetrics().serializer().serialize("t", written);

    assertThatThrownBy(() -> readWithVersion1(v1, null, bytes))
        .as("the fingerprint names a schema it has never seen")
        .isInstanceOf(MissingSchemaException.class);

    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(FrameMetrics.getClassSchema());
    GenericRecord read = readWithVersion1(v1, store, bytes);

    assertThat(read.getSchema()).isEqualTo(v1);
    assertThat(read.hasField("dbeAccuracy")).isFalse();
    for (Schema.Field field : v1.getFields()) {
      Object expected = written.get(field.name());
      assertThat(String.valueOf(read.get(field.name())))
          .as(field.name())
          .isEqualTo(String.valueOf(expected));
    }
  }

  @Test
  void aVersion1ConsumerReadsVersion2WindowsGivenTheNewSchema() throws IOException {
    Schema v1 = version1("MetricsWindow");
    MetricsWindow written = windowWithBoundaryError();
    byte[] bytes = AvroSerdes.metricsWindow().serializer().serialize("t", written);

    SchemaStore.Cache store = new SchemaStore.Cache();
    store.addSchema(MetricsWindow.getClassSchema());
    GenericRecord read = readWithVersion1(v1, store, bytes);

    assertThat(read.hasField("dbeFrames")).isFalse();
    for (Schema.Field field : v1.getFields()) {
      assertThat(String.valueOf(read.get(field.name())))
          .as(field.name())
          .isEqualTo(String.valueOf(written.get(field.name())));
    }
  }

  @Test
  void version2RecordsRoundTripWithTheirBoundaryError() {
    FrameMetrics frame = frameWithBoundaryError();
    MetricsWindow window = windowWithBoundaryError();
    assertThat(
            AvroSerdes.frameMetrics()
                .deserializer()
                .deserialize("t", AvroSerdes.frameMetrics().serializer().serialize("t", frame)))
        .isEqualTo(frame);
    assertThat(
            AvroSerdes.metricsWindow()
                .deserializer()
                .deserialize("t", AvroSerdes.metricsWindow().serializer().serialize("t", window)))
        .isEqualTo(window);
  }
}
