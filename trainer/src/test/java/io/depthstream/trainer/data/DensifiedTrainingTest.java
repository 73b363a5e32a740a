package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.trainer.Main;
import io.depthstream.trainer.train.Checkpoint;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --target densified} on sparse, KITTI-layout ground truth really trains. */
class DensifiedTrainingTest {

  private static final String DRIVE = "2011_09_26_drive_0001_sync";
  private static final int W = 64;
  private static final int H = 64;

  @TempDir Path dir;

  @Test
  void trainsOnSparseLidarWithFilledTargets() throws Exception {
    Map<String, byte[]> frames = new HashMap<>();
    Map<String, byte[]> depths = new HashMap<>();
    for (int i = 0; i < 6; i++) {
      String name = String.format("%010d.png", i);
      frames.put(
          "2011_09_26/" + DRIVE + "/image_02/data/" + name,
          DataFixtures.encode(DataFixtures.gradient(W, H), "png"));
      // LiDAR-like: every fourth row of the lower half has returns, farther up the image
      float[] d = new float[W * H];
      for (int y = H / 2; y < H; y += 4) {
        for (int x = 0; x < W; x++) {
          d[y * W + x] = 5f + 40f * (H - y) / H + i;
        }
      }
      depths.put(
          "train/" + DRIVE + "/proj_depth/groundtruth/image_02/" + name,
          DepthPngCodec.encode(new DepthImage(W, H, d), DepthPngCodec.KITTI));
    }
    Path raw = DataFixtures.directory(dir.resolve("raw"), frames);
    Path annotated = DataFixtures.directory(dir.resolve("data_depth_annotated"), depths);
    Path ckpt = dir.resolve("kitti.ckpt");

    int exit =
        Main.commandLine()
            .execute(
                "train",
                "--model",
                "densedepth-tiny",
                "--width",
                "64",
                "--height",
                "64",
                "--max-depth",
                "80",
                "--dataset",
                "kitti",
                "--data",
                raw.toString(),
                "--kitti-depth",
                annotated.toString(),
                "--target",
                "densified",
                "--val-fraction",
                "0.34",
                "--batch-size",
                "2",
                "--epochs",
                "1",
                "--checkpoint",
                ckpt.toString());

    assertThat(exit).isZero();
    Checkpoint trained = Checkpoint.read(ckpt);
    assertThat(trained.step()).isPositive();
    assertThat(trained.dataset()).endsWith(", densified targets");
    assertThat(trained.command()).contains("--target densified");
    // validation scores the measured (sparse) depth: finite metrics over real returns
    assertThat(trained.metrics().get("rmse")).isFinite().isPositive();
  }
}
