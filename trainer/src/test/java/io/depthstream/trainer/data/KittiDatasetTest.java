package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KittiDatasetTest {

  private static final String DRIVE = "2011_09_26_drive_0001_sync";
  private static final int W = 64;
  private static final int H = 40;

  @TempDir Path dir;

  private static byte[] scan(float... xyzi) {
    ByteBuffer b = ByteBuffer.allocate(xyzi.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float f : xyzi) {
      b.putFloat(f);
    }
    return b.array();
  }

  /** A raw drive in KITTI's layout: fx = fy = 50, principal point (32.5, 20.5), no offsets. */
  private Path rawDrive(byte[] scan) {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(
        "2011_09_26/calib_cam_to_cam.txt",
        KittiCalibrationTest.camToCam(
                "50 0 32.5 0 0 50 20.5 0 0 0 1 0", KittiCalibrationTest.IDENTITY, W + " " + H)
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        "2011_09_26/calib_velo_to_cam.txt",
        KittiCalibrationTest.veloToCam(KittiCalibrationTest.AXES, "0 0 0")
            .getBytes(StandardCharsets.UTF_8));
    files.put(
        "2011_09_26/" + DRIVE + "/image_02/data/0000000005.png",
        DataFixtures.encode(DataFixtures.gradient(W, H), "png"));
    files.put("2011_09_26/" + DRIVE + "/velodyne_points/data/0000000005.bin", scan);
    return DataFixtures.directory(dir.resolve("raw"), files);
  }

  @Test
  void projectsVelodyneScansIntoTheColourFrame() {
    // (10, −1, −0.5) → camera (1, 0.5, 10) → u = 50·0.1 + 32 = 37, v = 50·0.05 + 20 = 22.5
    // (KITTI's 32.5, 20.5 less the half pixel).
    // A farther point on the same ray loses; one behind the car is dropped.
    Path raw = rawDrive(scan(10, -1, -0.5f, 0.3f, 12, -1.2f, -0.6f, 0.1f, -5, 0, 0, 0.9f));
    KittiLidarDataset kitti = KittiLidarDataset.open(raw.resolve("2011_09_26").resolve(DRIVE), 2);

    assertThat(kitti.size()).isEqualTo(1);
    DepthSample s = kitti.sample(0);
    assertThat(s.rgb().width()).isEqualTo(W);
    assertThat(s.depth().validCount()).isEqualTo(1);
    assertThat(s.depth().at(37, 22)).isCloseTo(10f, within(1e-5f));
    assertThat(s.source()).endsWith("0000000005.bin");
  }

  @Test
  void truncatedScanIsNamed() {
    Path raw = rawDrive(new byte[17]);
    KittiLidarDataset kitti = KittiLidarDataset.open(raw.resolve("2011_09_26").resolve(DRIVE), 2);
    assertThatThrownBy(() -> kitti.sample(0))
        .hasMessageContaining("0000000005.bin is 17 bytes, not a whole number of 16-byte points");
  }

  @Test
  void missingCalibrationIsNamed() throws IOException {
    Path raw = rawDrive(scan(10, 0, 0, 0));
    Files.delete(raw.resolve("2011_09_26/calib_velo_to_cam.txt"));
    assertThatThrownBy(() -> KittiLidarDataset.open(raw.resolve("2011_09_26").resolve(DRIVE), 2))
        .hasMessageContaining("calib_velo_to_cam.txt does not exist");
  }

  @Test
  void pairsAnnotatedDepthWithRawFrames() {
    Path raw = rawDrive(scan(10, 0, 0, 0));
    float[] d = new float[W * H];
    d[3 * W + 7] = 12.5f; // 3200 / 256
    Path depthRoot =
        DataFixtures.directory(
            dir.resolve("data_depth_annotated"),
            Map.of(
                "train/" + DRIVE + "/proj_depth/groundtruth/image_02/0000000005.png",
                DepthPngCodec.encode(new DepthImage(W, H, d), DepthPngCodec.KITTI)));

    KittiDepthDataset kitti = KittiDepthDataset.open(raw, depthRoot);

    assertThat(kitti.size()).isEqualTo(1);
    DepthSample s = kitti.sample(0);
    assertThat(s.depth().at(7, 3)).isEqualTo(12.5f);
    assertThat(s.depth().validCount()).isEqualTo(1);
    assertThat(s.rgb().rgb()).isEqualTo(DataFixtures.gradient(W, H).rgb());
    // The date folder itself also works as the raw root (the layout `depthstream synth` writes).
    assertThat(
            KittiDepthDataset.open(raw.resolve("2011_09_26"), depthRoot).sample(0).depth().at(7, 3))
        .isEqualTo(12.5f);
  }

  @Test
  void annotatedDepthWithoutRawFrameNamesBothPaths() {
    Path raw = rawDrive(scan(10, 0, 0, 0));
    Path depthRoot =
        DataFixtures.directory(
            dir.resolve("data_depth_annotated"),
            Map.of(
                "val/2011_09_28_drive_0002_sync/proj_depth/groundtruth/image_03/0000000009.png",
                DepthPngCodec.encode(DataFixtures.constantDepth(W, H, 1f), DepthPngCodec.KITTI)));

    assertThatThrownBy(() -> KittiDepthDataset.open(raw, depthRoot))
        .hasMessageContaining("0000000009.png has no raw colour frame")
        .hasMessageContaining("2011_09_28/2011_09_28_drive_0002_sync/image_03/data/0000000009.png");
  }

  @Test
  void eightBitDepthPngIsRejectedWithItsPath() {
    Path raw = rawDrive(scan(10, 0, 0, 0));
    Path depthRoot =
        DataFixtures.directory(
            dir.resolve("data_depth_annotated"),
            Map.of(
                "train/" + DRIVE + "/proj_depth/groundtruth/image_02/0000000005.png",
                DataFixtures.gray8(W, H, new int[W * H])));
    KittiDepthDataset kitti = KittiDepthDataset.open(raw, depthRoot);
    assertThatThrownBy(() -> kitti.sample(0))
        .hasMessageContaining("groundtruth/image_02/0000000005.png")
        .hasMessageContaining("16-bit");
  }
}
