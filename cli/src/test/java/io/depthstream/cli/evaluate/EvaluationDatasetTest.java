package io.depthstream.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.depth.DepthPngCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Layout detection on hand-made folders; the files only need to exist, nothing is decoded. */
class EvaluationDatasetTest {

  @TempDir Path dir;

  @Test
  void nyuIsFoundFromItsRootOrFromItsDataFolder() throws IOException {
    touch("data/nyu2_test/00000_colors.png", "data/nyu2_test/00000_depth.png");
    touch("data/nyu2_test/00001_colors.png", "data/nyu2_test/00001_depth.png");
    Files.writeString(
        dir.resolve("data/nyu2_test.csv"),
        "data/nyu2_test/00000_colors.png,data/nyu2_test/00000_depth.png\n\n"
            + "data/nyu2_test/00001_colors.png,data/nyu2_test/00001_depth.png\n",
        StandardCharsets.UTF_8);

    for (Path given : new Path[] {dir, dir.resolve("data")}) {
      EvaluationDataset nyu = EvaluationDataset.detect(given, 0.5);
      assertThat(nyu.layout()).isEqualTo(DatasetLayout.NYU);
      assertThat(nyu.depthScale()).isEqualTo(DepthPngCodec.MILLIMETRES);
      assertThat(nyu.samples())
          .extracting(DatasetSample::name)
          .containsExactly("00000_depth", "00001_depth");
      assertThat(nyu.samples().get(1).rgb())
          .isEqualTo(dir.resolve("data/nyu2_test/00001_colors.png"));
    }
  }

  @Test
  void nyuRowsThatAreMalformedOrNameMissingFilesAreNamedByLine() throws IOException {
    touch("data/nyu2_test/a.png", "data/nyu2_test/b.png");
    Path csv = dir.resolve("data/nyu2_test.csv");
    Files.writeString(csv, "data/nyu2_test/a.png,data/nyu2_test/b.png\njust-one-path\n");
    assertThatThrownBy(() -> EvaluationDataset.detect(dir, 1))
        .hasMessageContaining(csv + " line 2: expected 'rgb,depth' paths, got 'just-one-path'");

    Files.writeString(csv, "data/nyu2_test/a.png,data/nyu2_test/gone.png\n");
    assertThatThrownBy(() -> EvaluationDataset.detect(dir, 1))
        .hasMessageContaining(csv + " line 1 names " + dir.resolve("data/nyu2_test/gone.png"));
  }

  @Test
  void kittiIsFoundAsOneDriveOrAFolderOfDrivesAndOnlyFramesWithGroundTruthCount()
      throws IOException {
    for (String drive : new String[] {"2026_01_01_drive_0001_sync", "2026_01_01_drive_0002_sync"}) {
      touch(
          drive + "/image_02/data/0000000000.png",
          drive + "/image_02/data/0000000001.png",
          drive + "/proj_depth/groundtruth/image_02/0000000001.png");
    }
    Files.writeString(dir.resolve("calib_cam_to_cam.txt"), "not a drive");

    EvaluationDataset all = EvaluationDataset.detect(dir, 1);
    assertThat(all.layout()).isEqualTo(DatasetLayout.KITTI);
    assertThat(all.depthScale()).isEqualTo(1.0 / 256);
    assertThat(all.samples())
        .extracting(DatasetSample::name)
        .containsExactly(
            "2026_01_01_drive_0001_sync_0000000001", "2026_01_01_drive_0002_sync_0000000001");

    EvaluationDataset one = EvaluationDataset.detect(dir.resolve("2026_01_01_drive_0002_sync"), 1);
    assertThat(one.samples()).hasSize(1);
  }

  @Test
  void kittiGroundTruthWithoutItsPictureIsNamed() throws IOException {
    touch("d/image_02/data/0000000000.png", "d/proj_depth/groundtruth/image_02/0000000007.png");
    assertThatThrownBy(() -> EvaluationDataset.detect(dir, 1))
        .hasMessageContaining(dir.resolve("d/image_02/data/0000000007.png") + " does not exist");
  }

  @Test
  void foldersPairByStemAcrossExtensionsWithTheGivenScale() throws IOException {
    touch("rgb/b.jpg", "rgb/a.png", "depth/a.png", "depth/b.png", "rgb/readme.txt");
    EvaluationDataset folders = EvaluationDataset.detect(dir, 0.25);
    assertThat(folders.layout()).isEqualTo(DatasetLayout.FOLDERS);
    assertThat(folders.depthScale()).isEqualTo(0.25);
    assertThat(folders.samples())
        .containsExactly(
            new DatasetSample("a", dir.resolve("rgb/a.png"), dir.resolve("depth/a.png")),
            new DatasetSample("b", dir.resolve("rgb/b.jpg"), dir.resolve("depth/b.png")));
  }

  @Test
  void emptyLayoutsAndMissingFoldersAreRefusedByName() throws IOException {
    Files.createDirectories(dir.resolve("rgb"));
    Files.createDirectories(dir.resolve("depth"));
    assertThatThrownBy(() -> EvaluationDataset.detect(dir, 1))
        .hasMessageContaining("looks like the rgb/ + depth/ folders layout but lists no pictures");
    assertThatThrownBy(() -> EvaluationDataset.detect(dir.resolve("nowhere"), 1))
        .hasMessageContaining("--data " + dir.resolve("nowhere") + " is not a directory");
  }

  private void touch(String... paths) throws IOException {
    for (String path : paths) {
      Path file = dir.resolve(path);
      Files.createDirectories(file.getParent());
      Files.write(file, new byte[] {1});
    }
  }
}
