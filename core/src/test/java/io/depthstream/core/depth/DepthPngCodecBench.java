package io.depthstream.core.depth;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.bench.MachineFacts;
import io.depthstream.core.depth.DepthPngWriter.RowChoice;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferUShort;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.zip.Deflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times depth PNG encodes and decodes at 640×480 for issue 12: ImageIO against the direct writer at
 * several levels and filter choices, on a predicted map (the trained street model, when its bundle
 * is in models/), the ray-cast ground truth of the same frame, and a noisy plane. Prints a table;
 * asserts only that every variant decodes back to the same samples. Off by default:
 *
 * <pre>mvn -o -pl core test -Dtest=DepthPngCodecBench -Dds.bench=true</pre>
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "ds.bench", matches = "true")
class DepthPngCodecBench {

  private static final int W = 640;
  private static final int H = 480;
  private static final double MM = DepthPngCodec.MILLIMETRES;
  private static final Path MODEL = Path.of("..", "models", "densedepth-mini-synth");
  private static final int WARMUP = Integer.getInteger("ds.bench.warmup", 5);
  private static final int RUNS = Integer.getInteger("ds.bench.runs", 31);

  private static final Set<PngRowFilter> NSUP =
      EnumSet.of(PngRowFilter.NONE, PngRowFilter.SUB, PngRowFilter.UP, PngRowFilter.PAETH);
  private static final Set<PngRowFilter> SU = EnumSet.of(PngRowFilter.SUB, PngRowFilter.UP);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** One thing timed: a name, the bytes it makes (for encoders) and the work. */
  private record Case(String name, int bytes, Supplier<?> work) {}

  @Test
  void encodeAndDecode640x480() throws Exception {
    System.out.println("start: " + MachineFacts.here());
    System.out.printf(
        "%d rounds after %d warm-up rounds; each round runs every case once%n", RUNS, WARMUP);
    List<DepthPngWriter> writers = new ArrayList<>();
    for (Map.Entry<String, DepthImage> map : maps().entrySet()) {
      DepthImage depth = map.getValue();
      byte[] imageIo = imageIoEncode(depth);
      int[] expected = DepthPngFixtures.imageIoSamples(imageIo);
      List<Case> encoders = new ArrayList<>();
      encoders.add(
          new Case(
              "ImageIO (the old encode) | default | ImageIO's",
              imageIo.length,
              () -> imageIoEncode(depth)));
      Writers add = new Writers(writers, encoders, depth, expected);
      add.one(0, EnumSet.of(PngRowFilter.NONE), RowChoice.MIN_SUM, "NONE, stored (the floor)");
      for (PngRowFilter filter : List.of(PngRowFilter.SUB, PngRowFilter.UP)) {
        add.huffmanOnly(EnumSet.of(filter), filter + ", Huffman only");
      }
      for (int level : new int[] {1, 3, 6}) {
        for (PngRowFilter filter : PngRowFilter.values()) {
          if (filter != PngRowFilter.AVERAGE) {
            add.one(level, EnumSet.of(filter), RowChoice.MIN_SUM, filter.toString());
          }
        }
        add.one(level, NSUP, RowChoice.MIN_SUM, "min-SAD of N/S/U/P");
        add.one(level, NSUP, RowChoice.MIN_ENTROPY, "min-entropy of N/S/U/P");
        add.one(level, SU, RowChoice.MIN_ENTROPY, "min-entropy of S/U");
      }
      byte[] ours = DepthPngCodec.encode(depth, MM);
      encoders.add(
          new Case(
              "DepthPngCodec.encode, new writer per call | "
                  + DepthPngCodec.DEFAULT_LEVEL
                  + " | the default, "
                  + DepthPngWriter.DEFAULT_FILTERS,
              ours.length,
              () -> DepthPngCodec.encode(depth, MM)));

      List<Case> decoders = new ArrayList<>();
      for (Map.Entry<String, byte[]> input :
          List.of(
              Map.entry("ImageIO's PNG", imageIo), Map.entry("DepthPngCodec.encode's PNG", ours))) {
        byte[] png = input.getValue();
        assertThat(DepthPngReader.read(png, W, H, MM).metres())
            .isEqualTo(imageIoDecode(png).metres());
        decoders.add(
            new Case(
                "ImageIO (the old decode) | " + input.getKey(),
                png.length,
                () -> imageIoDecode(png)));
        decoders.add(
            new Case(
                "DepthPngCodec.decode | " + input.getKey(),
                png.length,
                () -> DepthPngCodec.decode(png, MM)));
      }

      System.out.printf("%n### %s%n%n", map.getKey());
      System.out.println(
          "| encoder | level | filters | wall ms, median | CPU ms, median | bytes |");
      System.out.println("|---|---|---|---:|---:|---:|");
      print(encoders, measure(encoders), true);
      System.out.println();
      System.out.println("| decoder | input | wall ms, median | CPU ms, median |");
      System.out.println("|---|---|---:|---:|");
      print(decoders, measure(decoders), false);
    }
    writers.forEach(DepthPngWriter::close);
    System.out.println("end: " + MachineFacts.here());
  }

  /** Adds reused writers of one map to the encoder cases, checking each one's output first. */
  private record Writers(
      List<DepthPngWriter> writers, List<Case> cases, DepthImage depth, int[] expected) {

    void huffmanOnly(Set<PngRowFilter> filters, String name) {
      add(new DepthPngWriter(1, Deflater.HUFFMAN_ONLY, filters, RowChoice.MIN_SUM), 1, name);
    }

    void one(int level, Set<PngRowFilter> filters, RowChoice choice, String name) {
      add(new DepthPngWriter(level, filters, choice), level, name);
    }

    private void add(DepthPngWriter writer, int level, String name) {
      writers.add(writer);
      byte[] png = writer.write(depth, MM);
      assertThat(DepthPngFixtures.imageIoSamples(png)).isEqualTo(expected);
      cases.add(
          new Case(
              "DepthPngWriter, reused | " + level + " | " + name,
              png.length,
              () -> writer.write(depth, MM)));
    }
  }

  /** Wall and CPU milliseconds per case, [case][0 wall, 1 cpu][round], rounds interleaved. */
  private static double[][][] measure(List<Case> cases) {
    double[][][] ms = new double[cases.size()][2][RUNS];
    for (int round = -WARMUP; round < RUNS; round++) {
      for (int c = 0; c < cases.size(); c++) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        cases.get(c).work().get();
        long t1 = System.nanoTime();
        long cpu1 = THREADS.getCurrentThreadCpuTime();
        if (round >= 0) {
          ms[c][0][round] = (t1 - t0) / 1e6;
          ms[c][1][round] = (cpu1 - cpu0) / 1e6;
        }
      }
    }
    return ms;
  }

  private static void print(List<Case> cases, double[][][] ms, boolean withBytes) {
    for (int c = 0; c < cases.size(); c++) {
      System.out.printf(
          "| %s | %.1f | %.1f |%s%n",
          cases.get(c).name(),
          median(ms[c][0]),
          median(ms[c][1]),
          withBytes ? " " + cases.get(c).bytes() + " |" : "");
    }
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  private static Map<String, DepthImage> maps() throws Exception {
    SyntheticFrame frame =
        new SyntheticWorld(SceneKind.STREET, 42).withLidar(false).render(W, H, 3);
    Map<String, DepthImage> maps = new LinkedHashMap<>();
    if (Files.isRegularFile(MODEL.resolve(ModelBundle.MODEL_FILE))) {
      EngineOptions cpu = EngineOptions.defaults().withDevice(DeviceChoice.CPU).withThreads(1, 1);
      try (DepthEstimator estimator = DepthEstimator.open(ModelBundle.load(MODEL), cpu)) {
        maps.put(
            "Predicted: densedepth-mini-synth on synthetic street frame 3 (seed 42), 640x480",
            estimator.predict(frame.rgb()).depth());
      }
    } else {
      System.out.println("no bundle at " + MODEL.toAbsolutePath() + ": predicted map left out");
    }
    maps.put("Ray-cast ground truth of the same frame (sky = 0, far = saturated)", frame.depth());
    maps.put(
        "Noisy plane: 1..60 m ramp, ±2 mm Gaussian noise, one hole",
        scaled(DepthPngFixtures.smoothUnits(W, H, 1)));
    return maps;
  }

  private static DepthImage scaled(int[] millimetres) {
    float[] metres = new float[millimetres.length];
    for (int i = 0; i < metres.length; i++) {
      metres[i] = (float) (millimetres[i] * MM);
    }
    return new DepthImage(W, H, metres);
  }

  /** DepthPngCodec.encode as it was before issue 12. */
  private static byte[] imageIoEncode(DepthImage depth) {
    BufferedImage image = new BufferedImage(W, H, BufferedImage.TYPE_USHORT_GRAY);
    short[] units = ((DataBufferUShort) image.getRaster().getDataBuffer()).getData();
    float[] metres = depth.metres();
    for (int i = 0; i < metres.length; i++) {
      units[i] = (short) DepthPngCodec.toUnits(metres[i], MM);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(W * H + 1024);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(image);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /** DepthPngCodec.decode as it was before issue 12, header checks aside. */
  private static DepthImage imageIoDecode(byte[] png) {
    ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
    try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(png))) {
      reader.setInput(in, true, true);
      Raster raster = reader.read(0).getRaster();
      int[] units = raster.getSamples(0, 0, W, H, 0, new int[W * H]);
      float[] metres = new float[W * H];
      for (int i = 0; i < units.length; i++) {
        metres[i] = units[i] == 0 ? 0f : (float) (units[i] * MM);
      }
      return new DepthImage(W, H, metres);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } finally {
      reader.dispose();
    }
  }
}
