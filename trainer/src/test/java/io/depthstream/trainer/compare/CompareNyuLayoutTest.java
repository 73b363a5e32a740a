package io.depthstream.trainer.compare;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.trainer.Main;
import io.depthstream.trainer.report.ComparisonReport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code compare --data} on a small directory in DenseDepth's NYU layout. */
class CompareNyuLayoutTest {

  @Test
  void comparesOnAnNyuLayoutDirectoryWithTheEigenCrop(@TempDir Path dir) throws IOException {
    Path nyu = writeNyuLayout(dir.resolve("nyu"), 6, 3);
    Path out = dir.resolve("report");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code =
        cli.execute(
            "compare",
            "--data",
            nyu.toString(),
            "--models",
            "baseline-conv",
            "--size",
            "32x32",
            "--train-count",
            "6",
            "--test-count",
            "3",
            "--epochs",
            "1",
            "--batch",
            "2",
            "--out",
            out.toString());

    assertThat(code).as(err.toString()).isZero();
    String md = Files.readString(out.resolve(ComparisonReport.MARKDOWN));
    assertThat(md)
        .contains("crop eigen")
        .contains("nyu-train(nyu)")
        .contains("nyu-test(nyu)")
        .contains("| baseline-conv |");
    assertThat(out.resolve(ComparisonReport.QUALITATIVE)).isNotEmptyFile();
  }

  /**
   * Synthetic rooms at 64x48 written as DenseDepth's CSVs: 8-bit training, 16-bit mm test depth.
   */
  private static Path writeNyuLayout(Path root, int train, int test) throws IOException {
    Files.createDirectories(root.resolve("data/nyu2_train/room"));
    Files.createDirectories(root.resolve("data/nyu2_test"));
    SyntheticWorld world = new SyntheticWorld(SceneKind.INDOOR, 5).withLidar(false);
    StringBuilder trainCsv = new StringBuilder();
    StringBuilder testCsv = new StringBuilder();
    for (int i = 0; i < train + test; i++) {
      SyntheticFrame f = world.render(64, 48, i * 10);
      boolean isTest = i >= train;
      String rgb =
          isTest ? "data/nyu2_test/" + i + "_colors.png" : "data/nyu2_train/room/" + i + ".png";
      String depth =
          isTest ? "data/nyu2_test/" + i + "_depth.png" : "data/nyu2_train/room/" + i + "_d.png";
      BufferedImage colour = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
      byte[] b = f.rgb().rgb();
      BufferedImage d =
          new BufferedImage(
              64, 48, isTest ? BufferedImage.TYPE_USHORT_GRAY : BufferedImage.TYPE_BYTE_GRAY);
      float[] metres = f.depth().metres();
      for (int p = 0; p < 64 * 48; p++) {
        colour.setRGB(
            p % 64,
            p / 64,
            ((b[3 * p] & 0xFF) << 16) | ((b[3 * p + 1] & 0xFF) << 8) | (b[3 * p + 2] & 0xFF));
        int value = isTest ? Math.round(metres[p] * 1000) : Math.round(metres[p] / 10f * 255);
        d.getRaster().setSample(p % 64, p / 64, 0, value);
      }
      ImageIO.write(colour, "png", root.resolve(rgb).toFile());
      ImageIO.write(d, "png", root.resolve(depth).toFile());
      (isTest ? testCsv : trainCsv).append(rgb).append(',').append(depth).append('\n');
    }
    Files.writeString(root.resolve("data/nyu2_train.csv"), trainCsv.toString());
    Files.writeString(root.resolve("data/nyu2_test.csv"), testCsv.toString());
    return root;
  }
}
