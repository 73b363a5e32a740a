package io.depthstream.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.serde.AvroSerdes;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthMapWriterTest {

  @TempDir Path out;

  /** A 4×2 map: 1..3 m along the top row, an invalid pixel, 4 m below. */
  private static DepthImage depth() {
    return new DepthImage(4, 2, new float[] {1f, 2f, 3f, 0f, 4f, 4f, 4f, 4f});
  }

  private static DepthMap record(byte[] png, int width) {
    DepthMap map =
        DepthMap.newBuilder()
            .setVehicleId("v7")
            .setCameraId("cam/0")
            .setSequence(42)
            .setCaptureTime(Instant.ofEpochMilli(1_790_000_000_000L))
            .setWidth(width)
            .setHeight(2)
            .setScale(DepthPngCodec.MILLIMETRES)
            .setDepthPng(ByteBuffer.wrap(png))
            .setModelId("m")
            .setModelVersion("1")
            .setProvider("CPU")
            .setInferenceMs(1.5)
            .setEndToEndMs(20)
            .build();
    // as tail receives it: through the topic's serde
    var serde = AvroSerdes.depthMap();
    return serde
        .deserializer()
        .deserialize("depth.maps", serde.serializer().serialize("depth.maps", map));
  }

  @Test
  void writesTheDepthPngVerbatimAndAColouredPictureOverTheMapsRange() throws IOException {
    byte[] png = DepthPngCodec.encode(depth(), DepthPngCodec.MILLIMETRES);
    List<Path> files = new DepthMapWriter(out, Colormap.TURBO, 0, 0).write(record(png, 4));

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly("v7_cam_0_00000042_depth.png", "v7_cam_0_00000042_turbo.png");
    assertThat(Files.readAllBytes(files.get(0))).isEqualTo(png);
    assertThat(DepthPngCodec.decode(Files.readAllBytes(files.get(0)), 0.001).metres())
        .containsExactly(1f, 2f, 3f, 0f, 4f, 4f, 4f, 4f);

    BufferedImage colour = ImageIO.read(files.get(1).toFile());
    assertThat(colour.getWidth()).isEqualTo(4);
    assertThat(colour.getHeight()).isEqualTo(2);
    assertThat(colour.getRGB(3, 0) & 0xFFFFFF).isZero(); // invalid is black
    // auto range is the valid depths' 1..4 m: same colours as rendering over [1, 4]
    var expected = Colormap.TURBO.render(depth(), 1, 4);
    for (int x = 0; x < 3; x++) {
      int rgb = colour.getRGB(x, 0) & 0xFFFFFF;
      assertThat(rgb >> 16).isEqualTo(expected.channel(x, 0, 0));
      assertThat((rgb >> 8) & 0xFF).isEqualTo(expected.channel(x, 0, 1));
      assertThat(rgb & 0xFF).isEqualTo(expected.channel(x, 0, 2));
    }
    assertThat(colour.getRGB(0, 0)).isNotEqualTo(colour.getRGB(0, 1)); // near and far differ
  }

  @Test
  void fixedRangeComesFromTheOptions() {
    DepthMapWriter writer = new DepthMapWriter(out, Colormap.GRAY, 0.5, 10);
    assertThat(writer.range(depth())).containsExactly(0.5, 10);
    assertThat(new DepthMapWriter(out, Colormap.GRAY, 0, 0).range(depth()))
        .containsExactly(1.0, 4.0);
  }

  @Test
  void aMapWhosePngDisagreesWithItsStatedSizeIsRefused() {
    byte[] png = DepthPngCodec.encode(depth(), DepthPngCodec.MILLIMETRES);
    assertThatThrownBy(() -> new DepthMapWriter(out, Colormap.TURBO, 0, 0).write(record(png, 5)))
        .hasMessageContaining("v7/cam/0#42")
        .hasMessageContaining("5x2");
  }

  @Test
  void metricsWindowsPrintAsJsonLinesAndTableRows() throws IOException {
    MetricsWindow window =
        MetricsWindow.newBuilder()
            .setScope(MetricsScope.VEHICLE)
            .setScopeKey("v7")
            .setModelId("densedepth-169-nyu")
            .setWindowStart(1_790_000_000_000L)
            .setWindowEnd(1_790_000_010_000L)
            .setFrames(12)
            .setDelta1(0.85)
            .setDelta2(0.97)
            .setDelta3(0.99)
            .setAbsRel(0.12)
            .setSqRel(0.1)
            .setRmse(0.46)
            .setRmseLog(0.2)
            .setLog10(0.05)
            .setSilog(12)
            .build();
    JsonNode json = new ObjectMapper().readTree(MetricsLines.json("depth.metrics.windows", window));
    assertThat(json.get("topic").asText()).isEqualTo("depth.metrics.windows");
    assertThat(json.get("scope").asText()).isEqualTo("VEHICLE");
    assertThat(json.get("windowEnd").asLong()).isEqualTo(1_790_000_010_000L);
    assertThat(json.get("delta1").asDouble()).isEqualTo(0.85);
    assertThat(MetricsLines.row(window))
        .contains("VEHICLE", "v7", "densedepth-169-nyu", "12", "0.8500", "0.460");
  }
}
