package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KittiDatasetTest {

  private static final String DRIVE = "2011_09_26_drive_0001_sync";
  private static final int W = 64;
  private static final int H = 40;

  @TempDir Path dir;

  /** A raw drive's colour frame in KITTI's layout, under its date folder. */
  private Path rawDrive() {
    return DataFixtures.directory(
        dir.resolve("raw"),
        Map.of(
            "2011_09_26/" + DRIVE + "/image_02/data/0000000005.png",
            DataFixtures.encode(DataFixtures.gradient(W, H), "png")));
  }

  @Test
  void pairsAnnotatedDepthWithRawFrames() {
    Path raw = rawDrive();
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
    Path raw = rawDrive();
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
    Path raw = rawDrive();
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
