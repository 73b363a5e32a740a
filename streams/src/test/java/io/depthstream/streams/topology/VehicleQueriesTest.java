package io.depthstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.RgbImage;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.streams.rest.UnknownVehicleException;
import io.depthstream.streams.rest.VehicleQueries;
import io.depthstream.streams.rest.VehicleSummary;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST answers, computed from the stores the real topology fills. */
class VehicleQueriesTest {

  @TempDir Path temp;
  private TopologyFixture fixture;
  private VehicleQueries queries;

  @BeforeEach
  void start() {
    fixture = new TopologyFixture(temp, Map.of());
    KeyValueStore<String, DepthMap> maps = fixture.driver.getKeyValueStore(StoreNames.LATEST_DEPTH);
    KeyValueStore<String, MetricsWindow> windows =
        fixture.driver.getKeyValueStore(StoreNames.LATEST_WINDOWS);
    queries = new VehicleQueries(() -> maps, () -> windows);
    fixture.clock.set(1_000);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void listsVehiclesWithTheirCamerasAndNewestCapture() {
    fixture.sendFrame(TestRecords.greyFrame("v7", "cam1", 1, 900, 100));
    fixture.sendFrame(TestRecords.greyFrame("v7", "cam0", 1, 950, 100));
    fixture.sendFrame(TestRecords.greyFrame("v8", "cam0", 1, 920, 100));

    List<VehicleSummary> vehicles = queries.vehicles();

    assertThat(vehicles)
        .containsExactly(
            new VehicleSummary("v7", List.of("cam0", "cam1"), 950L, false),
            new VehicleSummary("v8", List.of("cam0"), 920L, false));
    assertThat(queries.latestDepthMap("v7", Optional.empty()).getCameraId()).isEqualTo("cam0");
    assertThat(queries.latestDepthMap("v7", Optional.of("cam1")).getCaptureTime().toEpochMilli())
        .isEqualTo(900);
  }

  @Test
  void unknownVehiclesAreNamedInTheError() {
    assertThatThrownBy(() -> queries.latestWindow("ghost"))
        .isInstanceOf(UnknownVehicleException.class)
        .hasMessageContaining("ghost");
    assertThatThrownBy(() -> queries.latestDepthMap("ghost", Optional.empty()))
        .isInstanceOf(UnknownVehicleException.class);
  }

  @Test
  void depthPictureIsTheColormappedMap() throws Exception {
    fixture.sendFrame(TestRecords.greyFrame(1, 950, 128));
    DepthMap map = queries.latestDepthMap(TestRecords.VEHICLE, Optional.empty());

    byte[] png = VehicleQueries.colourPng(map, Colormap.TURBO, 0.1, 10);

    BufferedImage picture = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(picture.getWidth()).isEqualTo(TestRecords.WIDTH);
    assertThat(picture.getHeight()).isEqualTo(TestRecords.HEIGHT);
    RgbImage expected =
        Colormap.TURBO.render(
            DepthPngCodec.decode(AvroBytes.toArray(map.getDepthPng()), map.getScale()), 0.1, 10);
    int rgb = picture.getRGB(3, 4);
    assertThat((rgb >> 16) & 0xFF).isEqualTo(expected.channel(3, 4, 0));
    assertThat((rgb >> 8) & 0xFF).isEqualTo(expected.channel(3, 4, 1));
    assertThat(rgb & 0xFF).isEqualTo(expected.channel(3, 4, 2));
  }
}
