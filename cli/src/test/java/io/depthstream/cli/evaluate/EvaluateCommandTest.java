package io.depthstream.cli.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.cli.CommandRun;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code evaluate} through picocli in-process and checks its JSON against a second, separate
 * implementation of the docs/DESIGN.md protocol written here with plain loops over the PNG units.
 */
class EvaluateCommandTest {

  private static final String[] KEYS = {
    "delta1", "delta2", "delta3", "abs_rel", "sq_rel", "rmse", "rmse_log", "log10", "silog"
  };

  @TempDir Path dir;

  @Test
  void agreesWithAnIndependentImplementationOnAwkwardNyuStyleInputs() throws IOException {
    // 37x23, three images: invalid GT, GT past the 10 m cap and at exactly 1 mm / 10 m,
    // zero and over-cap predictions. Millimetre PNGs.
    List<int[][]> gts = new ArrayList<>();
    List<int[][]> preds = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < 3; i++) {
      gts.add(awkwardUnits(random, 37, 23, 12_000));
      preds.add(awkwardUnits(random, 37, 23, 15_000));
    }
    writeAll(gts, preds);

    for (String crop : new String[] {"eigen", "garg", "none"}) {
      CommandRun result = run("--crop", crop, "--json");
      assertThat(result.exit).as(result.err).isZero();
      Map<String, Double> expected = reference(gts, preds, 0.001, 0.001, 1e-3, 10, crop);
      assertAgrees(CommandRun.lastLineJson(result.out), expected);
    }
  }

  @Test
  void agreesAtKittiScaleWithSeparateScalesAndAnotherRange() throws IOException {
    List<int[][]> gts = new ArrayList<>();
    List<int[][]> preds = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < 2; i++) {
      gts.add(awkwardUnits(random, 41, 19, 90 * 256)); // 1/256 m: past the 80 m cap
      preds.add(awkwardUnits(random, 41, 19, 95_000 / 2)); // mm: up to 47.5 m
    }
    writeAll(gts, preds);

    CommandRun result =
        run(
            "--gt-scale",
            "0.00390625",
            "--pred-scale",
            "0.001",
            "--max-depth",
            "80",
            "--min-depth",
            "0.5",
            "--crop",
            "GARG",
            "--json");
    assertThat(result.exit).as(result.err).isZero();
    assertAgrees(
        CommandRun.lastLineJson(result.out),
        reference(gts, preds, 0.00390625, 0.001, 0.5, 80, "garg"));
  }

  @Test
  void printsAReadableTableAndNoJsonUnlessAsked() throws IOException {
    int[][] gt = {{1000, 2000}, {4000, 0}};
    int[][] pred = {{1000, 1000}, {5000, 3000}};
    writeAll(List.<int[][]>of(gt), List.<int[][]>of(pred));

    CommandRun result = run();
    assertThat(result.exit).as(result.err).isZero();
    String[] lines = result.out.strip().split("\\R");
    assertThat(lines[lines.length - 2])
        .isEqualTo(
            "   delta1   delta2   delta3  abs_rel   sq_rel     rmse rmse_log    log10    silog"
                + "  images");
    // By hand (see DepthEvaluatorTest): d1 1/3, d2 d3 2/3, abs_rel 0.25, sq_rel 0.25 m,
    // rmse sqrt(2/3) = 0.8165, rmse_log 0.4204, log10 log10(2.5)/3 = 0.1326, silog 39.0133
    assertThat(lines[lines.length - 1])
        .isEqualTo(
            "   0.3333   0.6667   0.6667   0.2500   0.2500   0.8165   0.4204   0.1326  39.0133"
                + "       1");
    assertThat(result.out).doesNotContain("{");
  }

  /** Millimetres: 2 m left of column {@code stepAt}, 4 m from it on; rows not in {@code rows} 0. */
  private static int[][] wallStep(int w, int h, int stepAt, int rowsEvery) {
    int[][] units = new int[h][w];
    for (int y = 0; y < h; y += rowsEvery) {
      for (int x = 0; x < w; x++) {
        units[y][x] = x < stepAt ? 2000 : 4000;
      }
    }
    return units;
  }

  @Test
  void reportsTheDepthBoundaryErrorOfDenseGroundTruthOnly() throws IOException {
    // img000: the predicted step 2 columns right of the truth's -> 2 px both ways;
    // img001: in place -> 0; img002: ground truth on every third row only (sparse) -> none.
    // Means over the two dense images: dbe_acc = dbe_comp = (2 + 0) / 2 = 1, dbe_images 2.
    writeAll(
        List.of(wallStep(40, 24, 20, 1), wallStep(40, 24, 20, 1), wallStep(40, 24, 20, 3)),
        List.of(wallStep(40, 24, 22, 1), wallStep(40, 24, 20, 1), wallStep(40, 24, 20, 1)));

    CommandRun result = run("--json");
    assertThat(result.exit).as(result.err).isZero();
    Map<String, Double> json = CommandRun.lastLineJson(result.out);
    assertThat(json.get("images")).isEqualTo(3.0);
    assertThat(json.get("dbe_acc")).isCloseTo(1.0, within(1e-6));
    assertThat(json.get("dbe_comp")).isCloseTo(1.0, within(1e-6));
    assertThat(json.get("dbe_images")).isEqualTo(2.0);
    assertThat(result.out)
        .contains("depth boundary error over 2 of 3 images")
        .contains("  images  dbe_acc dbe_comp");
  }

  @Test
  void sparseGroundTruthHasANullDepthBoundaryError() throws IOException {
    writeAll(List.<int[][]>of(wallStep(40, 24, 20, 3)), List.<int[][]>of(wallStep(40, 24, 22, 1)));
    CommandRun result = run("--json");
    assertThat(result.exit).as(result.err).isZero();
    String last = result.out.strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last).endsWith("\"dbe_acc\":null,\"dbe_comp\":null,\"dbe_images\":0}");
    assertThat(result.out).doesNotContain("dbe_acc ").doesNotContain("boundary error over");
  }

  @Test
  void mismatchedSizesExitTwoNamingTheFile() throws IOException {
    writeAll(List.<int[][]>of(new int[3][4]), List.<int[][]>of(new int[4][3]));
    CommandRun result = run();
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err)
        .contains(dir.resolve("pred").resolve("img000.png").toString())
        .contains("is 3x4 but")
        .contains("is 4x3");
  }

  @Test
  void aMissingPartnerExitsTwoNamingIt() throws IOException {
    writeAll(
        List.<int[][]>of(new int[2][2], new int[2][2]),
        List.<int[][]>of(new int[2][2], new int[2][2]));
    Files.delete(dir.resolve("pred").resolve("img001.png"));
    CommandRun result = run();
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains(dir.resolve("pred").resolve("img001.png") + " is missing");
  }

  @Test
  void an8BitPngExitsTwoNamingTheFile() throws IOException {
    writeAll(List.<int[][]>of(new int[][] {{1000}}), List.<int[][]>of(new int[][] {{1000}}));
    BufferedImage eightBit = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
    Path bad = dir.resolve("gt").resolve("img000.png");
    ImageIO.write(eightBit, "png", bad.toFile());
    CommandRun result = run();
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains(bad.toString()).contains("16-bit grayscale");
  }

  @Test
  void anUnknownCropIsAUsageError() throws IOException {
    writeAll(List.<int[][]>of(new int[][] {{1000}}), List.<int[][]>of(new int[][] {{1000}}));
    CommandRun result = run("--crop", "kitti");
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("'kitti' is not a crop; use none, eigen or garg");
  }

  @Test
  void groundTruthWithNothingInRangeExitsTwo() throws IOException {
    writeAll(
        List.<int[][]>of(new int[][] {{0, 20_000}}), List.<int[][]>of(new int[][] {{1000, 1000}}));
    CommandRun result = run();
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("check --gt-scale and --max-depth");
  }

  // ---- the independent reference: lists of (gt, p) per image, one stream-free pass per metric

  private static Map<String, Double> reference(
      List<int[][]> gts,
      List<int[][]> preds,
      double gtScale,
      double predScale,
      double min,
      double max,
      String crop) {
    double[] totals = new double[9];
    int images = 0;
    for (int i = 0; i < gts.size(); i++) {
      int[][] g = gts.get(i);
      int[][] q = preds.get(i);
      int h = g.length;
      int w = g[0].length;
      int r0 = 0;
      int r1 = h;
      int c0 = 0;
      int c1 = w;
      if (crop.equals("eigen")) { // rows 45..470, cols 41..600 of 480x640, as fractions
        r0 = (int) Math.floor(h * 45.0 / 480.0);
        r1 = (int) Math.floor(h * 471.0 / 480.0);
        c0 = (int) Math.floor(w * 41.0 / 640.0);
        c1 = (int) Math.floor(w * 601.0 / 640.0);
      } else if (crop.equals("garg")) {
        r0 = (int) (0.40810811 * h);
        r1 = (int) (0.99189189 * h);
        c0 = (int) (0.03594771 * w);
        c1 = (int) (0.96405229 * w);
      }
      List<Double> gtList = new ArrayList<>();
      List<Double> pList = new ArrayList<>();
      for (int y = r0; y < r1; y++) {
        for (int x = c0; x < c1; x++) {
          double gm = g[y][x] * gtScale;
          if (gm <= min || gm >= max) {
            continue;
          }
          double pm = q[y][x] * predScale;
          pm = pm < min ? min : (pm > max ? max : pm);
          gtList.add(gm);
          pList.add(pm);
        }
      }
      int n = gtList.size();
      if (n == 0) {
        continue;
      }
      images++;
      double[] m = new double[9];
      for (int k = 1; k <= 3; k++) {
        int hits = 0;
        for (int j = 0; j < n; j++) {
          double ratio = Math.max(gtList.get(j) / pList.get(j), pList.get(j) / gtList.get(j));
          if (ratio < Math.pow(1.25, k)) {
            hits++;
          }
        }
        m[k - 1] = hits / (double) n;
      }
      double meanLogDiff = 0;
      for (int j = 0; j < n; j++) {
        double gv = gtList.get(j);
        double pv = pList.get(j);
        m[3] += Math.abs(gv - pv) / gv / n;
        m[4] += (gv - pv) * (gv - pv) / gv / n;
        m[5] += (gv - pv) * (gv - pv) / n;
        m[6] += Math.pow(Math.log(gv) - Math.log(pv), 2) / n;
        m[7] += Math.abs(Math.log10(gv) - Math.log10(pv)) / n;
        meanLogDiff += (Math.log(pv) - Math.log(gv)) / n;
      }
      double variance = 0; // two-pass variance of d, equal to mean(d^2) - mean(d)^2
      for (int j = 0; j < n; j++) {
        double d = Math.log(pList.get(j)) - Math.log(gtList.get(j)) - meanLogDiff;
        variance += d * d / n;
      }
      m[5] = Math.sqrt(m[5]);
      m[6] = Math.sqrt(m[6]);
      m[8] = 100 * Math.sqrt(variance);
      for (int k = 0; k < 9; k++) {
        totals[k] += m[k];
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (int k = 0; k < 9; k++) {
      out.put(KEYS[k], totals[k] / images);
    }
    out.put("images", (double) images);
    return out;
  }

  /** Random units with ~12% zeros and ~8% above {@code cap}-ish values up to 65535. */
  private static int[][] awkwardUnits(Random random, int w, int h, int cap) {
    int[][] units = new int[h][w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double u = random.nextDouble();
        units[y][x] =
            u < 0.12 ? 0 : u < 0.20 ? cap + random.nextInt(65535 - cap) : 1 + random.nextInt(cap);
      }
    }
    units[0][0] = 1; // exactly the minimum at 1 mm
    units[h - 1][w - 1] = 10_000; // exactly 10 m
    return units;
  }

  private void writeAll(List<int[][]> gts, List<int[][]> preds) throws IOException {
    Files.createDirectories(dir.resolve("gt"));
    Files.createDirectories(dir.resolve("pred"));
    for (int i = 0; i < gts.size(); i++) {
      String name = String.format("img%03d.png", i);
      write16(gts.get(i), dir.resolve("gt").resolve(name));
      write16(preds.get(i), dir.resolve("pred").resolve(name));
    }
  }

  /** Written with plain ImageIO, not the codec under test. */
  private static void write16(int[][] units, Path path) throws IOException {
    BufferedImage image =
        new BufferedImage(units[0].length, units.length, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < units.length; y++) {
      for (int x = 0; x < units[0].length; x++) {
        image.getRaster().setSample(x, y, 0, units[y][x]);
      }
    }
    ImageIO.write(image, "png", path.toFile());
  }

  private CommandRun run(String... options) {
    List<String> args = new ArrayList<>(List.of("evaluate"));
    args.addAll(
        List.of("--pred", dir.resolve("pred").toString(), "--gt", dir.resolve("gt").toString()));
    args.addAll(List.of(options));
    return CommandRun.of(args.toArray(String[]::new));
  }

  private static void assertAgrees(Map<String, Double> actual, Map<String, Double> expected) {
    // The depth boundary error has its own tests (reportsTheDepthBoundaryError...).
    assertThat(actual.keySet().stream().filter(k -> !k.startsWith("dbe_")))
        .containsExactlyElementsOf(expected.keySet());
    assertThat(actual.get("images")).isEqualTo(expected.get("images")).isGreaterThan(0);
    for (String key : KEYS) {
      assertThat(actual.get(key)).as(key).isCloseTo(expected.get(key), within(1e-4));
    }
  }
}
