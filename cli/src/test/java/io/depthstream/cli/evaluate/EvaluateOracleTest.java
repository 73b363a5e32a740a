package io.depthstream.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.cli.CommandRun;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --oracle WxH}: the score of a model that predicts its training target exactly.
 */
class EvaluateOracleTest {

  @TempDir Path dir;

  @Test
  void shrinksByAveragingAndEnlargesBilinearlyAsComputedByHand() throws IOException {
    // two rows of 1 2 3 4 m; a 2x1 output holds 1.5 and 3.5, enlarged with half-pixel centres
    // (clamped at the border) to 1.5 2.0 3.0 3.5: misses 0.5, 0, 0, 0.5 on each row
    Path data = folders(new float[] {1, 2, 3, 4, 1, 2, 3, 4}, 4, 2);
    CommandRun result = run("--data", data.toString(), "--oracle", "2x1", "--json");

    assertThat(result.exit).as(result.err).isZero();
    assertThat(result.out).contains("oracle at 2x1");
    Map<String, Double> m = CommandRun.lastLineJson(result.out);
    assertThat(m.get("rmse")).isCloseTo(Math.sqrt(0.125), within(1e-6));
    assertThat(m.get("abs_rel")).isCloseTo((0.5 / 1 + 0.5 / 4) / 4, within(1e-6));
    assertThat(m.get("delta1")).isCloseTo(0.75, within(1e-9)); // 1.5 against 1 is off by 1.5x
  }

  @Test
  void atTheGroundTruthsOwnSizeTheOracleIsExact() throws IOException {
    Path data = folders(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 4, 2);
    CommandRun result = run("--data", data.toString(), "--oracle", "4x2", "--json");
    assertThat(result.exit).as(result.err).isZero();
    Map<String, Double> m = CommandRun.lastLineJson(result.out);
    assertThat(m.get("rmse")).isZero();
    assertThat(m.get("delta1")).isEqualTo(1.0);
  }

  @Test
  void aCellWithoutDepthPredictsTheFarEndOfTheScoredRange() throws IOException {
    // the right half has no depth (sky); its cell predicts --max-depth 10, scored nowhere, and
    // bleeds into the enlarged left half: 2, 0.75·2 + 0.25·10 = 4 → misses 0 and 2 at 2 m
    Path data = folders(new float[] {2, 2, 0, 0, 2, 2, 0, 0}, 4, 2);
    CommandRun result = run("--data", data.toString(), "--oracle", "2x1", "--json");
    assertThat(result.exit).as(result.err).isZero();
    Map<String, Double> m = CommandRun.lastLineJson(result.out);
    assertThat(m.get("rmse")).isCloseTo(Math.sqrt(2.0), within(1e-6));
  }

  @Test
  void refusesAModelABadSizeAndKittiWithoutDenseDepth() throws IOException {
    Path data = folders(new float[] {1, 2, 3, 4}, 2, 2);
    assertThat(run("--data", data.toString(), "--oracle", "64").err)
        .contains("--oracle takes an output size WxH such as 64x48");
    assertThat(run("--data", data.toString(), "--oracle", "0x4").err)
        .contains("--oracle takes an output size WxH");
    assertThat(run("--model", "m", "--data", data.toString(), "--oracle", "2x1").err)
        .contains("without --model");

    Path drive = dir.resolve("kitti/drive_0001");
    Files.createDirectories(drive.resolve("image_02/data"));
    Files.createDirectories(drive.resolve("proj_depth/groundtruth/image_02"));
    ImageIO.write(
        new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB),
        "png",
        drive.resolve("image_02/data/0000000000.png").toFile());
    Files.write(
        drive.resolve("proj_depth/groundtruth/image_02/0000000000.png"),
        DepthPngCodec.encode(new DepthImage(2, 2, new float[] {5, 0, 0, 6}), DepthPngCodec.KITTI));
    CommandRun kitti =
        run("--data", dir.resolve("kitti").toString(), "--oracle", "1x1", "--max-depth", "80");
    assertThat(kitti.exit).isEqualTo(EvaluateCommand.EXIT_BAD_INPUT);
    assertThat(kitti.err).contains("depth_dense/image_02/0000000000.png is missing");
  }

  /** An rgb/ + depth/ dataset of one picture whose depth (metres, mm PNG) is {@code metres}. */
  private Path folders(float[] metres, int width, int height) throws IOException {
    Path root = dir.resolve("set" + width + "x" + height + "-" + metres[0] + "-" + metres[2]);
    Files.createDirectories(root.resolve("rgb"));
    Files.createDirectories(root.resolve("depth"));
    ImageIO.write(
        new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB),
        "png",
        root.resolve("rgb/a.png").toFile());
    Files.write(
        root.resolve("depth/a.png"),
        DepthPngCodec.encode(new DepthImage(width, height, metres), DepthPngCodec.MILLIMETRES));
    return root;
  }

  private static CommandRun run(String... options) {
    String[] args = new String[options.length + 1];
    args[0] = "evaluate";
    System.arraycopy(options, 0, args, 1, options.length);
    return CommandRun.of(args);
  }
}
