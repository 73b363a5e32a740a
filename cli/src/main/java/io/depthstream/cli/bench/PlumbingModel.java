package io.depthstream.cli.bench;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelInput;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.Normalisation;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.inference.TensorLayout;
import io.depthstream.core.inference.TrainingRecord;
import io.depthstream.core.onnx.OnnxGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * A stand-in depth model for measuring the engine's plumbing (resize, normalise, tensor copies,
 * session call, decode, upsample) where no trained bundle exists yet: three convolutions with fixed
 * pseudo-random weights — 3×3 stride 2 to 16 channels, ReLU, 3×3 to 16, ReLU, 1×1 to one channel —
 * so, like DenseDepth, it maps a W×H frame to a W/2×H/2 depth map. Its numbers say nothing about
 * DenseDepth's cost (0.21 GMAC per 640×480 frame against tens of GMACs for DenseDepth-169);
 * BenchCommand labels every figure it measures "plumbing".
 */
public final class PlumbingModel {

  /** The bundle id, so reports and file names say what was measured. */
  public static final String ID = "plumbing-conv3";

  private static final int CHANNELS = 16;

  private PlumbingModel() {}

  /**
   * Writes the model for {@code width × height} frames (both even) with its {@code model.json} to
   * {@code directory} and loads the bundle back.
   */
  public static ModelBundle write(Path directory, int width, int height) {
    if (width < 2 || height < 2 || width % 2 != 0 || height % 2 != 0) {
      throw new IllegalArgumentException(
          "the plumbing model halves the frame: --size needs even sides, got "
              + width
              + "x"
              + height);
    }
    try {
      Files.createDirectories(directory);
      Path onnx = directory.resolve(ModelBundle.MODEL_FILE);
      Files.write(onnx, onnx(width, height));
      ModelBundle bundle =
          new ModelBundle(
              directory,
              ID,
              "1",
              "conv3-random-weights",
              new ModelInput(width, height, TensorLayout.NCHW, Normalisation.DENSEDEPTH),
              new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0),
              Optional.of(
                  new TrainingRecord(
                      "./depthstream bench --synthetic-model " + directory,
                      "none (random weights)",
                      0,
                      0,
                      0)),
              Map.of(),
              ModelBundle.sha256Of(onnx));
      bundle.write(directory);
      return ModelBundle.load(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the plumbing model to " + directory, e);
    }
  }

  static byte[] onnx(int width, int height) {
    Random random = new Random(20261122L);
    long[] k3 = {3, 3};
    long[] pad1 = {1, 1, 1, 1};
    return new OnnxGraph("plumbing-conv3")
        .input("image", -1, 3, height, width)
        .initializer("w1", new long[] {CHANNELS, 3, 3, 3}, he(random, CHANNELS * 3 * 9, 3 * 9))
        .initializer("b1", new long[] {CHANNELS}, new float[CHANNELS])
        .initializer(
            "w2",
            new long[] {CHANNELS, CHANNELS, 3, 3},
            he(random, CHANNELS * CHANNELS * 9, CHANNELS * 9))
        .initializer("b2", new long[] {CHANNELS}, new float[CHANNELS])
        .initializer("w3", new long[] {1, CHANNELS, 1, 1}, he(random, CHANNELS, CHANNELS))
        // A bias of 2 m keeps most of the random output inside the bundle's 0.1..10 m range.
        .initializer("b3", new long[] {1}, new float[] {2f})
        .node(
            "Conv",
            List.of("image", "w1", "b1"),
            List.of("c1"),
            "kernel_shape",
            k3,
            "strides",
            new long[] {2, 2},
            "pads",
            pad1)
        .node("Relu", List.of("c1"), List.of("r1"))
        .node("Conv", List.of("r1", "w2", "b2"), List.of("c2"), "kernel_shape", k3, "pads", pad1)
        .node("Relu", List.of("c2"), List.of("r2"))
        .node(
            "Conv", List.of("r2", "w3", "b3"), List.of("depth"), "kernel_shape", new long[] {1, 1})
        .output("depth", -1, 1, height / 2, width / 2)
        .toModelBytes();
  }

  /** He-normal weights for {@code fanIn} inputs per output. */
  private static float[] he(Random random, int count, int fanIn) {
    float[] w = new float[count];
    double sd = Math.sqrt(2.0 / fanIn);
    for (int i = 0; i < count; i++) {
      w[i] = (float) (random.nextGaussian() * sd);
    }
    return w;
  }
}
