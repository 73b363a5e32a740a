package io.depthstream.core.image;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.bench.MachineFacts;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticWorld;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The thread CPU a 640×480 JPEG frame costs until it is the default model's 128×96 input, two ways
 * that give the same pixels: decoded whole to RGB, then resized by {@link Resampling#rgb} (what the
 * service did before {@link ImageDecoder#decodeForModel} averaged down from ImageIO's raster), and
 * {@code decodeForModel} itself, with and without {@code reduceJpeg}. Rounds alternate the ways, so
 * a busy moment of the machine falls on all of them. Thread CPU, not wall time: a preemption or a
 * collection elsewhere does not count. Off by default:
 *
 * <pre>mvn -o -pl core test -Dtest=FrameDecodeBench -Dds.bench=true</pre>
 */
@Tag("bench")
@EnabledIfSystemProperty(named = "ds.bench", matches = "true")
class FrameDecodeBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final int FRAMES = 8;
  private static final int PER_ROUND = 100;
  private static final int WARMUP = Integer.getInteger("ds.bench.warmup", 10);
  private static final int ROUNDS = Integer.getInteger("ds.bench.runs", 31);

  private interface Way {
    RgbImage toInput(byte[] jpeg);
  }

  @Test
  void decodeToTheModelsInput() {
    System.out.println("start: " + MachineFacts.here());
    List<byte[]> jpegs = new ArrayList<>();
    for (int i = 0; i < FRAMES; i++) {
      RgbImage frame =
          new SyntheticWorld(SceneKind.STREET, 42 + i).withLidar(false).render(640, 480, 3).rgb();
      jpegs.add(ImageEncoder.jpeg(frame, 0.9f));
    }
    ImageDecoder whole = new ImageDecoder();
    ImageDecoder reducing = new ImageDecoder(ImageLimits.DEFAULTS, true);
    String[] names = {
      "decode whole to RGB, then Resampling.rgb (before)",
      "decodeForModel: ImageIO, averaged down from its raster (default)",
      "decodeForModel with reduce-jpeg: JpegAreaDecoder",
    };
    Way[] ways = {
      jpeg -> Resampling.rgb(whole.decode(jpeg, ImageFormat.JPEG, 0, 0), 128, 96),
      jpeg -> whole.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, 128, 96),
      jpeg -> reducing.decodeForModel(jpeg, ImageFormat.JPEG, 0, 0, 128, 96),
    };
    // The first two are the same pixels.
    for (byte[] jpeg : jpegs) {
      assertThat(ways[1].toInput(jpeg).rgb()).isEqualTo(ways[0].toInput(jpeg).rgb());
    }
    double[][] cpuMs = new double[ways.length][ROUNDS];
    for (int round = -WARMUP; round < ROUNDS; round++) {
      for (int w = 0; w < ways.length; w++) {
        long cpu0 = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < PER_ROUND; i++) {
          ways[w].toInput(jpegs.get(i % FRAMES));
        }
        double perFrame = (THREADS.getCurrentThreadCpuTime() - cpu0) / 1e6 / PER_ROUND;
        if (round >= 0) {
          cpuMs[w][round] = perFrame;
        }
      }
    }
    System.out.printf(
        "%d rounds of %d frames after %d warm-up rounds, 640x480 JPEG (quality 0.9) to 128x96%n%n",
        ROUNDS, PER_ROUND, WARMUP);
    System.out.println("| way | thread CPU ms a frame, median | p10 | p90 |");
    System.out.println("| --- | ---: | ---: | ---: |");
    for (int w = 0; w < ways.length; w++) {
      double[] sorted = cpuMs[w].clone();
      Arrays.sort(sorted);
      System.out.printf(
          "| %s | %.2f | %.2f | %.2f |%n",
          names[w], sorted[ROUNDS / 2], sorted[ROUNDS / 10], sorted[ROUNDS - 1 - ROUNDS / 10]);
    }
    System.out.println("end: " + MachineFacts.here());
  }
}
