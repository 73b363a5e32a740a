package io.depthstream.streams.topology;

import static io.depthstream.streams.topology.TestRecords.HEIGHT;
import static io.depthstream.streams.topology.TestRecords.WIDTH;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.image.RgbImage;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.serde.AvroBytes;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** camera.frames → depth.maps through the real topology and a real ONNX model. */
class FrameInferenceTopologyTest {

  @TempDir Path temp;
  private TopologyFixture fixture;

  @BeforeEach
  void start() {
    fixture = new TopologyFixture(temp, Map.of());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void rawFrameBecomesDepthMapOfItsSizeWithTheModelsDepth() {
    fixture.clock.set(1_040);
    fixture.sendFrame(TestRecords.greyFrame(3, 1_000, 128));

    var record = fixture.depthMaps.readRecord();
    DepthMap map = record.value();
    assertThat(record.key()).isEqualTo(TopologyFixture.CAMERA);
    assertThat(record.timestamp()).isEqualTo(1_000);
    assertThat(map.getWidth()).isEqualTo(WIDTH);
    assertThat(map.getHeight()).isEqualTo(HEIGHT);
    assertThat(map.getSequence()).isEqualTo(3);
    assertThat(map.getScale()).isEqualTo(DepthPngCodec.MILLIMETRES);
    assertThat(map.getModelId()).isEqualTo(fixture.estimator.bundle().id());
    assertThat(map.getModelVersion()).isEqualTo(fixture.estimator.bundle().version());
    assertThat(map.getProvider()).isEqualTo("CPU");
    assertThat(map.getEndToEndMs()).isEqualTo(40.0);
    assertThat(map.getInferenceMs()).isGreaterThanOrEqualTo(0.0);
    DepthImage depth = DepthPngCodec.decode(AvroBytes.toArray(map.getDepthPng()), map.getScale());
    assertThat(depth.width()).isEqualTo(WIDTH);
    assertThat(depth.height()).isEqualTo(HEIGHT);
    for (float d : depth.metres()) {
      assertThat((double) d).isCloseTo(TestRecords.predicted(128), within(1e-6));
    }
    assertThat(fixture.metrics.framesIn()).isEqualTo(1);
    assertThat(fixture.metrics.framesOut()).isEqualTo(1);
  }

  @Test
  void pngFrameOfAnotherSizeGivesAMapOfThatSize() throws Exception {
    BufferedImage image = new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 20; x++) {
        image.setRGB(x, y, 64 << 16 | 64 << 8 | 64);
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(image, "png", png);
    fixture.clock.set(2_010);
    fixture.sendFrame(TestRecords.frame(4, 2_000, ImageEncoding.PNG, 0, 0, png.toByteArray()));

    DepthMap map = fixture.depthMaps.readValue();
    assertThat(map.getWidth()).isEqualTo(20);
    assertThat(map.getHeight()).isEqualTo(10);
    DepthImage depth = DepthPngCodec.decode(AvroBytes.toArray(map.getDepthPng()), map.getScale());
    assertThat((double) depth.at(19, 9)).isCloseTo(TestRecords.predicted(64), within(1e-6));
  }

  /**
   * With depthstream.image.reduce-jpeg=true a 64×48 JPEG for the 8×8 test model is decoded straight
   * to 8×8, yet its depth map is 64×48; decoded whole (the default) it gives the same size and
   * nearly the same depth.
   */
  @Test
  void jpegFrameIsDecodedAtTheModelsSizeAndMappedAtItsOwnSize() {
    RgbImage ramp = new RgbImage(64, 48, new byte[64 * 48 * 3]);
    for (int y = 0; y < 48; y++) {
      for (int x = 0; x < 64; x++) {
        int level = 40 + 2 * x + y;
        ramp.set(x, y, level, level, level);
      }
    }
    byte[] jpeg = ImageEncoder.jpeg(ramp, 0.9f);
    fixture.clock.set(2_010);
    fixture.sendFrame(TestRecords.frame(5, 2_000, ImageEncoding.JPEG, 64, 48, jpeg));
    DepthMap whole = fixture.depthMaps.readValue();

    DepthMap reduced;
    try (TopologyFixture reducing =
        new TopologyFixture(
            temp.resolve("reducing"), Map.of("depthstream.image.reduce-jpeg", "true"))) {
      reducing.clock.set(2_010);
      reducing.sendFrame(TestRecords.frame(5, 2_000, ImageEncoding.JPEG, 64, 48, jpeg));
      reduced = reducing.depthMaps.readValue();
    }
    for (DepthMap map : new DepthMap[] {reduced, whole}) {
      assertThat(map.getWidth()).isEqualTo(64);
      assertThat(map.getHeight()).isEqualTo(48);
      DepthImage depth = depthOf(map);
      assertThat(depth.width()).isEqualTo(64);
      assertThat(depth.height()).isEqualTo(48);
    }
    // The model is a per-pixel grey-to-depth map at a quarter of its 8×8 input: the ramp shows,
    // and the two decodes feed it inputs a grey level or two apart (0.04 m a level).
    DepthImage fromReduced = depthOf(reduced);
    DepthImage fromWhole = depthOf(whole);
    assertThat(fromReduced.at(60, 24)).isGreaterThan(fromReduced.at(3, 24) + 3f);
    for (int i = 0; i < 64 * 48; i++) {
      assertThat(fromReduced.metres()[i]).isCloseTo(fromWhole.metres()[i], within(0.12f));
    }
  }

  private static DepthImage depthOf(DepthMap map) {
    return DepthPngCodec.decode(AvroBytes.toArray(map.getDepthPng()), map.getScale());
  }

  @Test
  void latestDepthMapPerCameraIsQueryable() {
    fixture.clock.set(5_000);
    fixture.sendFrame(TestRecords.greyFrame(1, 4_000, 100));
    fixture.sendFrame(TestRecords.greyFrame(2, 4_500, 120));
    // An older frame arriving late does not replace the newer map.
    fixture.sendFrame(TestRecords.greyFrame(0, 3_900, 90));

    KeyValueStore<String, DepthMap> latest =
        fixture.driver.getKeyValueStore(StoreNames.LATEST_DEPTH);
    assertThat(latest.get(TopologyFixture.CAMERA).getSequence()).isEqualTo(2);
    assertThat(fixture.depthMaps.readValuesToList()).hasSize(3);
  }
}
