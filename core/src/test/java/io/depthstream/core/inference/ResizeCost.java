package io.depthstream.core.inference;

import io.depthstream.core.image.Resampling;
import io.depthstream.core.image.RgbImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Measures what a frame costs before the model sees it: {@link Resampling#rgb} alone, and the
 * engine's whole preprocessing ({@link InputEncoder#encode}: resize, normalise, lay out), for a
 * frame of the given size and a model input of the given size, on one thread. A plain main, not a
 * test: timings depend on the machine and what else it runs.
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes \
 *     io.depthstream.core.inference.ResizeCost 640x480 128x96 2000
 * </pre>
 */
public final class ResizeCost {

  private ResizeCost() {}

  public static void main(String[] args) {
    int[] frame = size(args.length > 0 ? args[0] : "640x480");
    int[] model = size(args.length > 1 ? args[1] : "128x96");
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
    byte[] rgb = new byte[frame[0] * frame[1] * 3];
    new Random(1).nextBytes(rgb);
    RgbImage image = new RgbImage(frame[0], frame[1], rgb);
    InputEncoder encoder =
        new InputEncoder(
            new ModelInput(model[0], model[1], TensorLayout.NCHW, Normalisation.DENSEDEPTH));
    FloatBuffer tensor = FloatBuffer.allocate(encoder.valuesPerImage());

    double[] resize = time(iterations, () -> Resampling.rgb(image, model[0], model[1]));
    double[] encode = time(iterations, () -> encoder.encode(image, tensor.clear(), 0));
    System.out.printf(
        Locale.ROOT,
        "%dx%d -> %dx%d, %d frames after %d warm-up, one thread%n",
        frame[0],
        frame[1],
        model[0],
        model[1],
        iterations,
        iterations);
    report("Resampling.rgb", resize);
    report("InputEncoder.encode (resize + normalise + NCHW)", encode);
  }

  private static double[] time(int iterations, Runnable work) {
    for (int i = 0; i < iterations; i++) {
      work.run();
    }
    double[] ms = new double[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      work.run();
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    return ms;
  }

  private static void report(String what, double[] sorted) {
    double mean = Arrays.stream(sorted).average().orElse(0);
    System.out.printf(
        Locale.ROOT,
        "  %-50s mean %.3f ms  p50 %.3f ms  p95 %.3f ms%n",
        what,
        mean,
        sorted[sorted.length / 2],
        sorted[(int) (sorted.length * 0.95)]);
  }

  private static int[] size(String text) {
    String[] parts = text.split("x");
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }
}
