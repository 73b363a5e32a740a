package io.depthstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.schemas.ModelEvent;
import io.depthstream.schemas.SensorCalibration;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The schemas are documented, and schemas/README.md tells other languages the truth about them. */
class SchemaContractTest {

  private static final Path README = Path.of(System.getProperty("basedir", "."), "README.md");

  static Stream<Schema> currentSchemas() {
    return Stream.of(
        CameraFrame.getClassSchema(),
        GroundTruth.getClassSchema(),
        SensorCalibration.getClassSchema(),
        DepthMap.getClassSchema(),
        FrameMetrics.getClassSchema(),
        MetricsWindow.getClassSchema(),
        ModelEvent.getClassSchema(),
        ModelComparison.getClassSchema());
  }

  static Stream<Schema> everyPublishedSchema() {
    List<Schema> all = new ArrayList<>();
    currentSchemas()
        .forEach(
            schema -> {
              all.add(schema);
              all.addAll(SchemaHistory.olderVersions(schema));
            });
    return all.stream();
  }

  private static String readme() throws IOException {
    return Files.readString(README);
  }

  static String header(Schema schema) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    byte[] bytes =
        ByteBuffer.allocate(10)
            .order(ByteOrder.LITTLE_ENDIAN)
            .put((byte) 0xC3)
            .put((byte) 0x01)
            .putLong(fingerprint)
            .array();
    return HexFormat.ofDelimiter(" ").withUpperCase().formatHex(bytes);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void everyRecordFieldAndEnumIsDocumented(Schema schema) {
    assertThat(schema.getNamespace()).isEqualTo("io.depthstream.schemas");
    assertThat(schema.getDoc()).as("%s doc", schema.getName()).isNotBlank();
    for (Schema.Field field : schema.getFields()) {
      assertThat(field.doc()).as("%s.%s doc", schema.getName(), field.name()).isNotBlank();
      if (field.schema().getType() == Schema.Type.ENUM) {
        assertThat(field.schema().getDoc())
            .as("enum %s doc", field.schema().getName())
            .isNotBlank();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyPublishedSchema")
  void readmeGivesTheRealFingerprintAndHeader(Schema schema) throws IOException {
    String fingerprint = String.format("0x%016X", SchemaNormalization.parsingFingerprint64(schema));

    assertThat(readme())
        .as("README row for %s %s", schema.getName(), fingerprint)
        .contains("| `" + fingerprint + "` | `" + header(schema) + "` |");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("currentSchemas")
  void readmeListsEveryField(Schema schema) throws IOException {
    String readme = readme();
    assertThat(readme).contains("→ `" + schema.getName() + "`");
    for (Schema.Field field : schema.getFields()) {
      assertThat(readme)
          .as("%s.%s", schema.getName(), field.name())
          .contains("`" + field.name() + "`");
    }
  }

  @Test
  void readmeWorkedExampleUsesCameraFramesRealCanonicalForm() throws IOException {
    Schema schema = CameraFrame.getClassSchema();

    assertThat(readme())
        .contains(SchemaNormalization.toParsingForm(schema))
        .contains(String.format("`%d`", SchemaNormalization.parsingFingerprint64(schema)))
        .contains(header(schema) + "   header");
  }
}
