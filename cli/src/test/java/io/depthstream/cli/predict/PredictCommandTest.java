package io.depthstream.cli.predict;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.cli.CommandRun;
import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code predict} through picocli in-process with real tiny ONNX bundles. The metric bundle
 * maps a uniform grey picture of level v to {@code 10·v/255} m everywhere, so the written depth
 * PNGs are checked against hand-computed millimetres; the pictures are read back with plain
 * ImageIO.
 */
class PredictCommandTest {

  @TempDir Path dir;

  @Test
  void writesDepthColourAndSideBySideForFilesAndDirectories() throws IOException {
    ModelBundle bundle = OnnxTestModels.greyToDepthBundle(dir.resolve("bundle"));
    Path photos = Files.createDirectories(dir.resolve("photos"));
    writeGrey(photos.resolve("hall.png"), 20, 10, 128, "png");
    writeGrey(photos.resolve("yard.jpg"), 12, 6, 204, "jpeg");
    Files.writeString(
        photos.resolve("notes.txt"), "not a picture, not listed", StandardCharsets.UTF_8);
    Path single = writeGrey(dir.resolve("door.png"), 9, 7, 51, "png");
    Path out = dir.resolve("out");

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            photos.toString(),
            single.toString(),
            "--out",
            out.toString(),
            "--device",
            "cpu",
            "--batch",
            "2");

    assertThat(result.exit).as(result.err).isZero();
    assertThat(result.out).contains("predicted 3 of 3 pictures with grey-depth@1.0.0 on CPU");
    // 10 * 128/255 = 5.0196 m -> 5020 mm; 10 * 51/255 = 2 m -> 2000 mm
    assertDepthUnits(out.resolve("hall_depth.png"), 20, 10, 0.001, 5020, 0);
    assertDepthUnits(out.resolve("door_depth.png"), 9, 7, 0.001, 2000, 0);
    // JPEG greys may come back a level off: 10 * 204/255 = 8 m, one level is 39 mm
    assertDepthUnits(out.resolve("yard_depth.png"), 12, 6, 0.001, 8000, 40);
    assertSize(out.resolve("hall_colour.png"), 20, 10);
    assertSize(out.resolve("yard_colour.png"), 12, 6);
    assertSize(out.resolve("hall_side.png"), 40, 10);
    assertSize(out.resolve("door_side.png"), 18, 7);
    assertThat(out.resolve("notes_depth.png")).doesNotExist();

    // side by side: the photo on the left, the colour picture on the right, pixel for pixel
    BufferedImage side = ImageIO.read(out.resolve("hall_side.png").toFile());
    BufferedImage colour = ImageIO.read(out.resolve("hall_colour.png").toFile());
    assertThat(side.getRGB(3, 4) & 0xFFFFFF).isEqualTo(0x808080);
    assertThat(side.getRGB(20 + 3, 4)).isEqualTo(colour.getRGB(3, 4));
    // 5.0196 m on a 0..10 m turbo scale (the bundle's max depth): t = (10 - 5.0196) / 10
    int[] expected = Colormap.TURBO.rgbAt(Math.round((10 - 10 * 128 / 255.0) / 10 * 255) / 255.0);
    assertThat(colour.getRGB(3, 4) & 0xFFFFFF)
        .isEqualTo(expected[0] << 16 | expected[1] << 8 | expected[2]);
  }

  @Test
  void scaleAndColourOptionsChangeTheFiles() throws IOException {
    ModelBundle bundle = OnnxTestModels.greyToDepthBundle(dir.resolve("bundle"));
    Path photo = writeGrey(dir.resolve("p.png"), 8, 8, 128, "png");
    Path out = dir.resolve("out");

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            photo.toString(),
            "--out",
            out.toString(),
            "--scale",
            "0.00390625",
            "--colormap",
            "GRAY",
            "--max-depth",
            "20",
            "--device",
            "cpu");

    assertThat(result.exit).as(result.err).isZero();
    // 5.0196 m * 256 = 1285.0 units at KITTI's 1/256
    assertDepthUnits(out.resolve("p_depth.png"), 8, 8, 1.0 / 256, 1285, 0);
    BufferedImage colour = ImageIO.read(out.resolve("p_colour.png").toFile());
    int[] expected = Colormap.GRAY.rgbAt(Math.round((20 - 10 * 128 / 255.0) / 20 * 255) / 255.0);
    assertThat(colour.getRGB(0, 0) & 0xFF).isEqualTo(expected[2]);
  }

  @Test
  void relativeModelsWriteNormalisedRelativePicturesAndSaySo() throws IOException {
    ModelBundle bundle =
        OnnxTestModels.writeBundle(
            dir.resolve("relative"),
            "mean-relative",
            MeanModel.of(3f, 0.2f, 8, 8),
            8,
            8,
            new ModelOutput(OutputKind.INVERSE_RELATIVE, 1.0, 0.1, 10.0));
    Path photo = dir.resolve("ramp.png");
    BufferedImage ramp = new BufferedImage(16, 8, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 16; x++) {
        int v = 16 * x;
        ramp.setRGB(x, y, v << 16 | v << 8 | v);
      }
    }
    ImageIO.write(ramp, "png", photo.toFile());
    Path out = dir.resolve("out");

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            photo.toString(),
            "--out",
            out.toString(),
            "--device",
            "cpu");

    assertThat(result.exit).as(result.err).isZero();
    assertThat(result.out)
        .contains("inverse_relative")
        .contains("normalised per picture, not metres");
    assertThat(out.resolve("ramp_depth.png")).doesNotExist();
    DepthImage units =
        DepthPngCodec.decode(Files.readAllBytes(out.resolve("ramp_relative.png")), 1.0);
    assertThat(units.width()).isEqualTo(16);
    assertThat(units.height()).isEqualTo(8);
    float min = Float.MAX_VALUE;
    float max = 0;
    for (float u : units.metres()) {
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    assertThat(min).isEqualTo(1f);
    assertThat(max).isEqualTo(65535f);
    // brighter is nearer for this model: the right edge is the nearest
    assertThat(units.at(15, 4)).isGreaterThan(units.at(0, 4));
    assertSize(out.resolve("ramp_side.png"), 32, 8);
  }

  @Test
  void unreadablePicturesAreNamedAndSkippedWhileTheRestAreWritten() throws IOException {
    ModelBundle bundle = OnnxTestModels.greyToDepthBundle(dir.resolve("bundle"));
    Path photos = Files.createDirectories(dir.resolve("photos"));
    writeGrey(photos.resolve("good.png"), 6, 4, 100, "png");
    Path broken = photos.resolve("broken.jpg");
    Files.writeString(broken, "not a picture at all", StandardCharsets.UTF_8);
    Path huge = photos.resolve("huge.png");
    Files.write(huge, pngHeaderDeclaring(60_000, 60_000));
    Path out = dir.resolve("out");

    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            photos.toString(),
            "--out",
            out.toString(),
            "--device",
            "cpu");

    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err)
        .contains(broken + ": is neither a PNG nor a JPEG")
        .contains(huge + ": PNG declares 60000x60000, limit is 8192x8192")
        .contains("[oversized]");
    assertThat(result.out)
        .contains("predicted 1 of 3 pictures")
        .contains("2 picture(s) could not be read");
    assertSize(out.resolve("good_side.png"), 12, 4);
    assertThat(out.resolve("broken_depth.png")).doesNotExist();
  }

  @Test
  void aMissingBundleExitsTwoNamingIt() throws IOException {
    Path photo = writeGrey(dir.resolve("p.png"), 4, 4, 10, "png");
    Path missing = dir.resolve("models/nothing");
    CommandRun result =
        run("--model", missing.toString(), photo.toString(), "--out", dir.toString());
    assertThat(result.exit).isEqualTo(2);
    assertThat(result.err).contains("no model bundle at " + missing);
  }

  @Test
  void missingPicturesAndClashingNamesAreRefusedBeforeAnyWork() throws IOException {
    ModelBundle bundle = OnnxTestModels.greyToDepthBundle(dir.resolve("bundle"));
    Path missing = dir.resolve("nope.png");
    CommandRun none = run("--model", bundle.directory().toString(), missing.toString());
    assertThat(none.exit).isEqualTo(2);
    assertThat(none.err).contains(missing + " does not exist");

    Path a = writeGrey(dir.resolve("a/x.png"), 4, 4, 10, "png");
    Path b = writeGrey(dir.resolve("b/x.jpg"), 4, 4, 10, "jpeg");
    CommandRun clash =
        run(
            "--model",
            bundle.directory().toString(),
            a.toString(),
            b.toString(),
            "--out",
            dir.resolve("out").toString());
    assertThat(clash.exit).isEqualTo(2);
    assertThat(clash.err).contains(a + " and " + b + " would both write x_*.png");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  /**
   * With {@code --reduce-jpeg} a 64×48 JPEG reaches the 8×8 model decoded straight to 8×8, as the
   * service decodes a camera frame with depthstream.image.reduce-jpeg=true, yet its depth PNG is
   * 64×48 and the side-by-side shows the photo whole.
   */
  @Test
  void aJpegIsDecodedForTheModelAsTheServiceDoesAndShownWhole() throws IOException {
    Path out = predictReducedGreyJpeg("street", 64, 48);

    // 10 * 153/255 = 6 m, give or take a JPEG grey level (39 mm)
    assertDepthUnits(out.resolve("street_depth.png"), 64, 48, 0.001, 6000, 40);
    assertSize(out.resolve("street_side.png"), 128, 48);
    BufferedImage side = ImageIO.read(out.resolve("street_side.png").toFile());
    assertThat(side.getRGB(63, 47) & 0xFF).isBetween(151, 155);
  }

  /**
   * A JPEG as wide as the model's input but taller is decoded straight to the input too (only its
   * height shrinks): the side-by-side must still show it whole, not the 8×8 the model saw.
   */
  @Test
  void aJpegReducedInOneDirectionOnlyIsStillShownWhole() throws IOException {
    Path out = predictReducedGreyJpeg("pole", 8, 48);

    assertDepthUnits(out.resolve("pole_depth.png"), 8, 48, 0.001, 6000, 40);
    assertSize(out.resolve("pole_side.png"), 16, 48);
  }

  /**
   * {@code predict --reduce-jpeg} of a grey (153) JPEG {@code name.jpg} of {@code w × h} with the
   * 8×8 grey test bundle; checks that it succeeded and returns its output folder.
   */
  private Path predictReducedGreyJpeg(String name, int w, int h) throws IOException {
    ModelBundle bundle = OnnxTestModels.greyToDepthBundle(dir.resolve("bundle"));
    Path photo = writeGrey(dir.resolve(name + ".jpg"), w, h, 153, "jpeg");
    Path out = dir.resolve("out");
    CommandRun result =
        run(
            "--model",
            bundle.directory().toString(),
            photo.toString(),
            "--out",
            out.toString(),
            "--reduce-jpeg");
    assertThat(result.exit).as(result.err).isZero();
    return out;
  }

  // ---- helpers

  private static void assertDepthUnits(
      Path png, int width, int height, double scale, int expectedUnits, int tolerance)
      throws IOException {
    DepthImage depth = DepthPngCodec.decode(Files.readAllBytes(png), scale);
    assertThat(depth.width()).isEqualTo(width);
    assertThat(depth.height()).isEqualTo(height);
    for (float metres : depth.metres()) {
      assertThat((double) Math.round(metres / scale))
          .isBetween((double) expectedUnits - tolerance, (double) expectedUnits + tolerance);
    }
  }

  private static void assertSize(Path picture, int width, int height) throws IOException {
    BufferedImage image = ImageIO.read(picture.toFile());
    assertThat(image).as(picture.toString()).isNotNull();
    assertThat(image.getWidth()).isEqualTo(width);
    assertThat(image.getHeight()).isEqualTo(height);
  }

  private static Path writeGrey(Path file, int w, int h, int level, String format)
      throws IOException {
    Files.createDirectories(file.getParent());
    BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        image.setRGB(x, y, level << 16 | level << 8 | level);
      }
    }
    assertThat(ImageIO.write(image, format, file.toFile())).isTrue();
    return file;
  }

  /** A PNG signature and IHDR declaring {@code w x h} RGB, and nothing after: a hostile header. */
  private static byte[] pngHeaderDeclaring(int w, int h) {
    ByteBuffer png = ByteBuffer.allocate(8 + 8 + 13 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
    png.putInt(13).put("IHDR".getBytes(StandardCharsets.US_ASCII));
    png.putInt(w).putInt(h).put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    png.putInt(0); // CRC, never reached: the size check comes first
    return png.array();
  }

  private static CommandRun run(String... options) {
    List<String> args = new ArrayList<>(List.of("predict"));
    args.addAll(List.of(options));
    return CommandRun.of(args.toArray(String[]::new));
  }
}
