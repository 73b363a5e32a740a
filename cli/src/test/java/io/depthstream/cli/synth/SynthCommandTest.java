package io.depthstream.cli.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.LidarProjector;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import picocli.CommandLine;

class SynthCommandTest {

  private static final int W = 64;
  private static final int H = 48;
  private static final int COUNT = 4;
  private static final long SEED = 7;

  @TempDir Path out;

  @ParameterizedTest
  @EnumSource(SceneKind.class)
  void writesBothLayoutsThatDecodeBackToTheWorld(SceneKind kind) throws IOException {
    String scene = kind.name().toLowerCase(Locale.ROOT);
    int code =
        run(
            "--scene",
            scene,
            "--count",
            "" + COUNT,
            "--size",
            W + "x" + H,
            "--seed",
            "" + SEED,
            "--out",
            out.toString(),
            "--threads",
            "2");
    assertThat(code).isZero();

    SyntheticWorld world = new SyntheticWorld(kind, SEED);
    SyntheticFrame[] frames = new SyntheticFrame[COUNT];
    for (int i = 0; i < COUNT; i++) {
      frames[i] = world.render(W, H, i);
    }
    checkNyu(frames);
    checkKitti(frames, kind);
    BufferedImage sheet = ImageIO.read(out.resolve("contact_sheet.png").toFile());
    assertThat(sheet.getWidth()).isEqualTo(2 * W + 4);
    assertThat(sheet.getHeight()).isEqualTo(COUNT * H + (COUNT - 1) * 4);
  }

  private void checkNyu(SyntheticFrame[] frames) throws IOException {
    Path root = out.resolve("nyu");
    List<String> train = Files.readAllLines(root.resolve("data/nyu2_train.csv"));
    List<String> test = Files.readAllLines(root.resolve("data/nyu2_test.csv"));
    // 20 % of 4 frames rounds to one test frame, the last
    assertThat(train).hasSize(3);
    assertThat(test)
        .containsExactly("data/nyu2_test/00000_colors.png,data/nyu2_test/00000_depth.png");
    for (int i = 0; i < train.size(); i++) {
      String[] row = train.get(i).split(",");
      assertThat(row[0]).endsWith("/" + i + ".jpg");
      BufferedImage rgb = ImageIO.read(root.resolve(row[0]).toFile());
      assertThat(rgb.getWidth()).isEqualTo(W);
      Raster depth = ImageIO.read(root.resolve(row[1]).toFile()).getRaster();
      assertThat(depth.getNumBands()).isEqualTo(1);
      assertThat(depth.getSampleModel().getSampleSize(0)).isEqualTo(8);
      float[] truth = frames[i].depth().metres();
      for (int p = 0; p < truth.length; p++) {
        int v = depth.getSample(p % W, p / W, 0);
        if (!DepthImage.isValid(truth[p])) {
          assertThat(v).isZero();
        } else if (truth[p] < 10) {
          // DenseDepth reads v/255·10 m
          assertThat(v / 255.0 * 10).isCloseTo(truth[p], within(10 / 255.0));
        } else {
          assertThat(v).isEqualTo(255);
        }
      }
    }
    String[] row = test.get(0).split(",");
    assertThat(ImageIO.read(root.resolve(row[0]).toFile()).getHeight()).isEqualTo(H);
    DepthImage mm =
        DepthPngCodec.decode(Files.readAllBytes(root.resolve(row[1])), DepthPngCodec.MILLIMETRES);
    float[] truth = frames[COUNT - 1].depth().metres();
    for (int p = 0; p < truth.length; p++) {
      if (DepthImage.isValid(truth[p]) && truth[p] < 65) {
        assertThat(mm.metres()[p]).isCloseTo(truth[p], within(0.0006f));
      }
    }
  }

  private void checkKitti(SyntheticFrame[] frames, SceneKind kind) throws IOException {
    Path root = out.resolve("kitti");
    Path drive = root.resolve(String.format(Locale.ROOT, "2026_01_01_drive_%04d_sync", SEED));
    CameraIntrinsics k = frames[0].calibration().intrinsics();
    double[] p2 = numbersAfter(root.resolve("calib_cam_to_cam.txt"), "P_rect_02:");
    assertThat(p2)
        .containsExactly(
            // KITTI's round(u) - 1 pixel convention: principal point half a pixel further on
            new double[] {k.fx(), 0, k.cx() + 0.5, 0, 0, k.fy(), k.cy() + 0.5, 0, 0, 0, 1, 0},
            within(1e-3));
    double[] r = numbersAfter(root.resolve("calib_velo_to_cam.txt"), "R:");
    double[] t = numbersAfter(root.resolve("calib_velo_to_cam.txt"), "T:");
    double[] m = frames[0].calibration().lidarToCamera().matrix3x4();
    assertThat(r)
        .containsExactly(
            new double[] {m[0], m[1], m[2], m[4], m[5], m[6], m[8], m[9], m[10]}, within(1e-6));
    assertThat(t).containsExactly(new double[] {m[3], m[7], m[11]}, within(1e-6));
    assertThat(Files.readAllLines(drive.resolve("image_02/timestamps.txt")))
        .containsExactly(
            "2026-01-01 00:00:00.000000000",
            "2026-01-01 00:00:00.100000000",
            "2026-01-01 00:00:00.200000000",
            "2026-01-01 00:00:00.300000000");

    for (SyntheticFrame frame : frames) {
      String name = String.format(Locale.ROOT, "%010d", frame.index());
      BufferedImage rgb = ImageIO.read(drive.resolve("image_02/data/" + name + ".png").toFile());
      assertThat(rgb.getRGB(W / 2, H / 2) & 0xFFFFFF)
          .isEqualTo(
              frame.rgb().channel(W / 2, H / 2, 0) << 16
                  | frame.rgb().channel(W / 2, H / 2, 1) << 8
                  | frame.rgb().channel(W / 2, H / 2, 2));
      byte[] bin = Files.readAllBytes(drive.resolve("velodyne_points/data/" + name + ".bin"));
      assertThat(LidarProjector.unpack(bin, 4)).isEqualTo(frame.lidarPoints());

      DepthImage dense =
          DepthPngCodec.decode(
              Files.readAllBytes(drive.resolve("depth_dense/image_02/" + name + ".png")),
              DepthPngCodec.KITTI);
      for (int p = 0; p < dense.metres().length; p++) {
        float truth = frame.depth().metres()[p];
        assertThat(dense.metres()[p])
            .isCloseTo(DepthImage.isValid(truth) ? truth : 0f, within(1 / 512f + 1e-4f));
        assertThat(dense.metres()[p]).isLessThanOrEqualTo((float) kind.maxDepthMetres());
      }
      DepthImage sparse =
          DepthPngCodec.decode(
              Files.readAllBytes(drive.resolve("proj_depth/groundtruth/image_02/" + name + ".png")),
              DepthPngCodec.KITTI);
      DepthImage projected =
          new LidarProjector().project(frame.lidarPoints(), 4, frame.calibration());
      assertThat(sparse.validCount()).isEqualTo(projected.validCount()).isGreaterThan(W * H / 10);
      for (int p = 0; p < sparse.metres().length; p++) {
        assertThat(sparse.metres()[p]).isCloseTo(projected.metres()[p], within(1 / 512f + 1e-4f));
      }
    }
    if (kind == SceneKind.STREET) {
      // the sky stays empty in both depth maps
      DepthImage dense =
          DepthPngCodec.decode(
              Files.readAllBytes(drive.resolve("depth_dense/image_02/0000000000.png")),
              DepthPngCodec.KITTI);
      assertThat(dense.at(W / 2, 0)).isZero();
    }
  }

  @Test
  void kittiOnlyLayoutLeavesNyuAlone() {
    int code =
        run(
            "--scene",
            "street",
            "--count",
            "2",
            "--size",
            "32x24",
            "--layout",
            "kitti",
            "--out",
            out.toString());
    assertThat(code).isZero();
    assertThat(out.resolve("nyu")).doesNotExist();
    assertThat(out.resolve("kitti/calib_cam_to_cam.txt")).exists();
    assertThat(out.resolve("contact_sheet.png")).exists();
  }

  @Test
  void badOptionsAreUsageErrorsThatNameTheFix() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new SynthCommand()).setErr(new PrintWriter(err));
    assertThat(cli.execute("--size", "640", "--out", out.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("--size must be WxH").contains("640x480");
    err.getBuffer().setLength(0);
    assertThat(cli.execute("--scene", "forest", "--out", out.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("indoor, street");
    err.getBuffer().setLength(0);
    assertThat(cli.execute("--layout", "coco", "--out", out.toString())).isEqualTo(2);
    assertThat(err.toString()).contains("nyu, kitti or both");
  }

  @Test
  void anOutputThatIsAFileIsReportedNotThrown() throws IOException {
    Path file = Files.writeString(out.resolve("taken"), "not a folder");
    StringWriter err = new StringWriter();
    int code =
        new CommandLine(new SynthCommand())
            .setErr(new PrintWriter(err))
            .execute("--count", "1", "--size", "16x12", "--out", file.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("synth: cannot write under").contains("check --out");
  }

  @Test
  void spreadsFramesOverSeveralWorldsWithOneKittiDateFolderEach() throws IOException {
    int code =
        run(
            "--scene",
            "indoor",
            "--count",
            "5",
            "--worlds",
            "2",
            "--spacing",
            "15",
            "--size",
            W + "x" + H,
            "--seed",
            "40",
            "--out",
            out.toString(),
            "--test-fraction",
            "0.4");
    assertThat(code).isZero();

    // frame i comes from world 40 + i mod 2, at index (i / 2) * 15 of that world's walk
    Path nyu = out.resolve("nyu");
    List<String> test = Files.readAllLines(nyu.resolve("data/nyu2_test.csv"));
    assertThat(test).hasSize(2);
    DepthImage lastTest =
        DepthPngCodec.decode(
            Files.readAllBytes(nyu.resolve(test.get(1).split(",")[1])), DepthPngCodec.MILLIMETRES);
    DepthImage expected = new SyntheticWorld(SceneKind.INDOOR, 40).render(W, H, 30).depth();
    assertThat(lastTest.metres()[W * H / 2 + W / 2])
        .isCloseTo(expected.metres()[W * H / 2 + W / 2], within(0.001f));

    for (long seed : new long[] {40, 41}) {
      Path date = out.resolve("kitti/world_" + seed);
      assertThat(date.resolve("calib_cam_to_cam.txt")).isRegularFile();
      Path drive = date.resolve(String.format(Locale.ROOT, "2026_01_01_drive_%04d_sync", seed));
      long frames;
      try (var files = Files.list(drive.resolve("image_02/data"))) {
        frames = files.count();
      }
      assertThat(frames).isEqualTo(seed == 40 ? 3 : 2);
    }
    assertThat(
            out.resolve("kitti/world_41/2026_01_01_drive_0041_sync/image_02/data/0000000015.png"))
        .isRegularFile();
  }

  @Test
  void refusesMoreWorldsThanFrames() {
    StringWriter sink = new StringWriter();
    int code =
        new CommandLine(new SynthCommand())
            .setOut(new PrintWriter(sink))
            .setErr(new PrintWriter(sink))
            .execute("--count", "2", "--worlds", "3", "--out", out.toString());
    assertThat(code).isEqualTo(2);
    assertThat(sink.toString()).contains("--worlds must be between 1 and --count (2), got 3");
  }

  private int run(String... args) {
    StringWriter sink = new StringWriter();
    return new CommandLine(new SynthCommand())
        .setOut(new PrintWriter(sink))
        .setErr(new PrintWriter(sink))
        .execute(args);
  }

  private static double[] numbersAfter(Path file, String key) throws IOException {
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith(key)) {
        return Arrays.stream(line.substring(key.length()).trim().split(" "))
            .mapToDouble(Double::parseDouble)
            .toArray();
      }
    }
    throw new AssertionError(key + " missing from " + file);
  }
}
