package io.depthstream.trainer.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.metrics.DepthBoundaryError;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.trainer.data.DepthSample;
import io.depthstream.trainer.data.SyntheticDataset;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComparisonReportTest {

  @TempDir Path tmp;

  /** -Dds.reportPreview=DIR keeps the rendered report for a person to look at. */
  private Path outDir() {
    String keep = System.getProperty("ds.reportPreview");
    return keep == null ? tmp.resolve("report") : Path.of(keep);
  }

  private static List<CurvePoint> curve(double start, double floor, double finalDelta1, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<CurvePoint> points = new ArrayList<>();
    int stepsPerEpoch = 40;
    for (int epoch = 1; epoch <= 8; epoch++) {
      for (int s = 1; s <= stepsPerEpoch; s++) {
        long step = (long) (epoch - 1) * stepsPerEpoch + s;
        double loss = floor + (start - floor) * Math.exp(-step / 90.0) + random.nextDouble() * 0.04;
        if (s == stepsPerEpoch) {
          double d1 = finalDelta1 * (1 - Math.exp(-epoch / 2.5));
          points.add(CurvePoint.epochEnd(epoch, step, loss, loss * 1.08, d1));
        } else {
          points.add(CurvePoint.step(epoch, step, loss));
        }
      }
    }
    return points;
  }

  private static DepthMetrics metrics(double d1, double rel, double rms) {
    return new DepthMetrics(d1, 0.97, 0.993, rel, 0.09, rms, 0.16, 0.055, 14.3, 1000);
  }

  private static DepthImage scaled(DepthImage d, float factor, int w, int h) {
    // A prediction at half resolution, off by a factor: enough to see the shared scale at work.
    float[] out = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        out[y * w + x] = d.at(x * d.width() / w, y * d.height() / h) * factor;
      }
    }
    return new DepthImage(w, h, out);
  }

  @Test
  void writesTablesPlotsAndGrid() throws IOException {
    SyntheticDataset synth =
        new SyntheticDataset(
            SceneKind.INDOOR, 11, 160, 120, 0, 2, SyntheticDataset.GroundTruth.DENSE);
    List<QualitativeExample> rows = new ArrayList<>();
    for (int i = 0; i < synth.size(); i++) {
      DepthSample s = synth.sample(i);
      Map<String, DepthImage> predictions = new LinkedHashMap<>();
      predictions.put("densedepth-169", s.depth());
      predictions.put("densedepth-121", scaled(s.depth(), 1.15f, 80, 60));
      rows.add(new QualitativeExample(s.source(), s.rgb(), s.depth(), predictions));
    }

    Path dir = outDir();
    List<Path> files =
        ComparisonReport.builder()
            .title("NYU-like synthetic room: DenseNet-169 vs DenseNet-121")
            .evaluation("2 synthetic indoor frames, Eigen crop, depth capped at 10 m")
            .run(
                "densedepth-169",
                42_600_000,
                48.25,
                metrics(0.851, 0.121, 0.462),
                curve(1.2, 0.18, 0.85, 1))
            .run(
                "densedepth-121",
                31_100_000,
                35.0,
                metrics(0.832, 0.130, 0.489),
                curve(1.25, 0.21, 0.83, 2))
            .run("mean-depth <baseline>", 0, 0.1, metrics(0.41, 0.41, 1.21), List.of())
            .denseDepthPaperReference()
            .qualitative(rows)
            .execution(
                "./depthstream compare --data nyu_data.zip --epochs 8", "synthetic indoor, seed 11")
            .duration("train densedepth-169", Duration.ofSeconds(3 * 3600 + 5 * 60 + 9))
            .duration("train densedepth-121", Duration.ofSeconds(2 * 3600 + 11 * 60))
            .duration("evaluate", Duration.ofMillis(12_300))
            .write(dir);

    assertThat(files)
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "training-loss.png",
            "validation-delta1.png",
            "qualitative.png",
            "report.md",
            "report.html");
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md)
        .contains(
            "| Model | δ1 ↑ | δ2 ↑ | δ3 ↑ | rel ↓ | sq-rel ↓ | rms ↓ | rms-log ↓ | log10 ↓ | SILog ↓ | params | ms/frame ↓ |")
        .contains(
            "| densedepth-169 | **0.851** | 0.970 | 0.993 | **0.121** | 0.090 | **0.462** | 0.160 | 0.055 | 14.30 | 42.6M | 48.3 |")
        .contains("| mean-depth <baseline> | 0.410 |")
        .contains("| – | **0.1** |")
        .contains(
            "| *DenseDepth paper (NYU, Table 1)* | 0.846 | 0.974 | 0.994 | 0.123 | – | 0.465 | – | 0.053 | – | 42.6M | – |")
        .contains("- Command: `./depthstream compare --data nyu_data.zip --epochs 8`")
        .contains("| train densedepth-169 | 3h 05m 09s |")
        .contains("| evaluate | 12.3 s |")
        .contains("| **total** | **5h 16m 21s** |")
        .contains("![qualitative results](qualitative.png)");
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html)
        .contains("<td>mean-depth &lt;baseline&gt;</td>")
        .contains("<b>0.851</b>")
        .doesNotContain("<baseline>");

    BufferedImage loss = ImageIO.read(dir.resolve("training-loss.png").toFile());
    assertThat(loss.getWidth()).isEqualTo(900);
    assertThat(distinctColours(loss)).as("lines, text and grid drawn").isGreaterThan(20);

    BufferedImage grid = ImageIO.read(dir.resolve("qualitative.png").toFile());
    // 4 columns of 240 px with 6 px gaps and 10 px margins; rows of 180 px.
    assertThat(grid.getWidth()).isEqualTo(2 * 10 + 4 * 240 + 3 * 6);
    assertThat(grid.getHeight()).isEqualTo(34 + 2 * 180 + 6 + 70);
    // The 169 column shows the ground truth itself: same scale, so the same pixels.
    int gtX = 10 + 246;
    int predX = 10 + 2 * 246;
    for (int y = 40; y < 34 + 180; y += 17) {
      for (int x = 5; x < 240; x += 23) {
        assertThat(grid.getRGB(predX + x, y)).isEqualTo(grid.getRGB(gtX + x, y));
      }
    }
  }

  @Test
  void theDepthBoundaryErrorGetsColumnsWhenARunHasOne() throws IOException {
    // Dense ground truth: both runs have a DBE, lower is better, so the sharper model's are bold;
    // the paper's reference row has none.
    Path dir = tmp.resolve("dbe");
    ComparisonReport.builder()
        .run(
            "sharp",
            1_000,
            1,
            metrics(0.9, 0.1, 0.3).withBoundaryError(new DepthBoundaryError(1.25, 2.5)),
            List.of())
        .run(
            "blurry",
            1_000,
            1,
            metrics(0.9, 0.1, 0.3).withBoundaryError(new DepthBoundaryError(3.5, 7.75)),
            List.of())
        .denseDepthPaperReference()
        .write(dir);
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md)
        .contains("| SILog ↓ | DBE acc ↓ | DBE comp ↓ | params | ms/frame ↓ |")
        .contains("| 14.30 | **1.25** | **2.50** | 1K |")
        .contains("| 14.30 | 3.50 | 7.75 | 1K |")
        .contains("| 0.053 | – | – | – | 42.6M | – |");

    // Without a DBE anywhere (sparse ground truth) the columns are left out.
    Path sparse = tmp.resolve("sparse");
    ComparisonReport.builder().run("m", 1, 1, metrics(0.5, 0.2, 0.3), List.of()).write(sparse);
    assertThat(Files.readString(sparse.resolve("report.md"))).doesNotContain("DBE");
  }

  @Test
  void gridColoursFollowTheSharedRange() throws IOException {
    DepthImage near = new DepthImage(4, 3, new float[] {2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2});
    DepthImage far = new DepthImage(4, 3, new float[] {6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6});
    var rgb = io.depthstream.core.image.RgbImage.blank(4, 3);
    Path dir = tmp.resolve("range");
    ComparisonReport.builder()
        .run("m", 1, 1, metrics(0.5, 0.2, 0.3), List.of())
        .qualitative(List.of(new QualitativeExample("r", rgb, near, Map.of("m", far))))
        .depthRange(2, 6)
        .colormap(Colormap.TURBO)
        .cellWidth(40)
        .write(dir);
    BufferedImage grid = ImageIO.read(dir.resolve("qualitative.png").toFile());
    int[] nearColour = Colormap.TURBO.rgbAt(1);
    int[] farColour = Colormap.TURBO.rgbAt(0);
    assertThat(grid.getRGB(10 + 46 + 20, 34 + 15) & 0xFFFFFF).isEqualTo(pack(nearColour));
    assertThat(grid.getRGB(10 + 2 * 46 + 20, 34 + 15) & 0xFFFFFF).isEqualTo(pack(farColour));
    // Pixels with no depth are grey, apart from the colormap's near-black far end.
    DepthImage holes = new DepthImage(4, 3, new float[12]);
    Path dir2 = tmp.resolve("holes");
    ComparisonReport.builder()
        .run("m", 1, 1, metrics(0.5, 0.2, 0.3), List.of())
        .qualitative(List.of(new QualitativeExample("r", rgb, holes, Map.of("m", far))))
        .depthRange(2, 6)
        .cellWidth(40)
        .write(dir2);
    BufferedImage grey = ImageIO.read(dir2.resolve("qualitative.png").toFile());
    assertThat(grey.getRGB(10 + 46 + 20, 34 + 15) & 0xFFFFFF)
        .isEqualTo(pack(QualitativeGrid.NO_DEPTH));
    assertThat(Files.readString(dir.resolve("report.md")))
        .contains("2.00 m (near) to 6.00 m (far)")
        .doesNotContain("Training curves");
  }

  @Test
  void rejectsAnEmptyReportAndDuplicateNames() {
    assertThatThrownBy(() -> ComparisonReport.builder().write(tmp))
        .hasMessageContaining("at least one run");
    assertThatThrownBy(
            () ->
                ComparisonReport.builder()
                    .run("a", 1, 1, metrics(0.5, 0.2, 0.3), List.of())
                    .run("a", 1, 1, metrics(0.5, 0.2, 0.3), List.of()))
        .hasMessageContaining("'a' is already");
  }

  @Test
  void durationsReadLikeAPersonWouldWriteThem() {
    assertThat(ComparisonReport.format(Duration.ofMillis(850))).isEqualTo("850 ms");
    assertThat(ComparisonReport.format(Duration.ofMillis(12_345))).isEqualTo("12.3 s");
    assertThat(ComparisonReport.format(Duration.ofSeconds(247))).isEqualTo("4m 07s");
    assertThat(ComparisonReport.format(Duration.ofSeconds(7509))).isEqualTo("2h 05m 09s");
  }

  @Test
  void movingAverageIsTrailingAndSkipsGaps() {
    double[] avg = ComparisonReport.movingAverage(new double[] {1, 3, Double.NaN, 5, 7}, 2);
    assertThat(avg[0]).isEqualTo(1);
    assertThat(avg[1]).isEqualTo(2);
    assertThat(avg[2]).isEqualTo(3);
    assertThat(avg[3]).isEqualTo(5);
    assertThat(avg[4]).isCloseTo(6, within(1e-12));
  }

  @Test
  void ticksLandOnRoundNumbers() {
    NiceTicks t = NiceTicks.of(0.013, 0.961, 5);
    assertThat(t.values()).containsExactly(0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0);
    assertThat(t.label(0.6000000000000001)).isEqualTo("0.6");
    NiceTicks big = NiceTicks.of(1, 320, 8);
    assertThat(big.step()).isEqualTo(50);
    assertThat(big.label(300)).isEqualTo("300");
    assertThat(NiceTicks.of(0, 1, 4).step()).isEqualTo(0.25);
    assertThat(NiceTicks.of(0, 1, 4).label(0.25)).isEqualTo("0.25");
  }

  @Test
  void picksDistinctReproducibleTestImages() {
    int[] a = QualitativeExample.pickIndices(654, 6, 3);
    assertThat(a).hasSize(6).isSorted().doesNotHaveDuplicates();
    assertThat(a[0]).isNotNegative();
    assertThat(a[5]).isLessThan(654);
    assertThat(QualitativeExample.pickIndices(654, 6, 3)).isEqualTo(a);
    assertThat(QualitativeExample.pickIndices(654, 6, 4)).isNotEqualTo(a);
    assertThat(QualitativeExample.pickIndices(3, 6, 1)).containsExactly(0, 1, 2);
  }

  @Test
  void parameterCountsAreAbbreviated() {
    assertThat(MetricsTable.parameters(42_600_000)).isEqualTo("42.6M");
    assertThat(MetricsTable.parameters(850_000)).isEqualTo("850K");
    assertThat(MetricsTable.parameters(12)).isEqualTo("12");
  }

  private static int pack(int[] c) {
    return (c[0] << 16) | (c[1] << 8) | c[2];
  }

  private static int distinctColours(BufferedImage img) {
    java.util.Set<Integer> seen = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight(); y += 3) {
      for (int x = 0; x < img.getWidth(); x += 3) {
        seen.add(img.getRGB(x, y));
      }
    }
    return seen.size();
  }
}
