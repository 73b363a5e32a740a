package io.depthstream.core.onnx;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelInput;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.Normalisation;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.inference.TensorLayout;
import io.depthstream.core.inference.TrainingRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real, tiny ONNX depth models for tests, written without protobuf or Python: each computes {@code
 * y = gain · mean(R, G, B) + bias} over the normalised input with a 1×1 Conv, then halves the
 * resolution with a 2×2 AveragePool, like DenseDepth's half-size output. With DenseDepth
 * normalisation (RGB/255) a uniform grey frame of level {@code v} therefore yields exactly {@code y
 * = gain · v/255 + bias} everywhere, which tests decode by hand per output kind.
 */
public final class OnnxTestModels {

  private OnnxTestModels() {}

  /**
   * A mean-intensity model.
   *
   * @param gain the Conv's total weight over the three channels
   * @param bias the Conv's bias
   * @param layout input layout; NHWC inputs are transposed to NCHW inside the graph
   * @param channelsLastOutput true for an {@code [N, H/2, W/2, 1]} output, else {@code [N, 1, H/2,
   *     W/2]}
   * @param batch the batch axis, or -1 for a dynamic batch
   * @param height input height, or -1 for dynamic
   * @param width input width, or -1 for dynamic
   */
  public record MeanModel(
      float gain,
      float bias,
      TensorLayout layout,
      boolean channelsLastOutput,
      long batch,
      long height,
      long width) {

    /** NCHW in, NCHW out, dynamic batch, fixed {@code width × height}. */
    public static MeanModel of(float gain, float bias, int width, int height) {
      return new MeanModel(gain, bias, TensorLayout.NCHW, false, -1, height, width);
    }

    public MeanModel withLayout(TensorLayout newLayout, boolean newChannelsLastOutput) {
      return new MeanModel(gain, bias, newLayout, newChannelsLastOutput, batch, height, width);
    }

    public MeanModel withShape(long newBatch, long newHeight, long newWidth) {
      return new MeanModel(gain, bias, layout, channelsLastOutput, newBatch, newHeight, newWidth);
    }

    /** The model as ONNX bytes. */
    public byte[] toOnnx() {
      OnnxGraph graph = new OnnxGraph("mean-depth");
      long outH = height < 0 ? -1 : height / 2;
      long outW = width < 0 ? -1 : width / 2;
      String image = "image";
      if (layout == TensorLayout.NHWC) {
        graph.input("image", batch, height, width, 3);
        graph.node(
            "Transpose", List.of("image"), List.of("image_nchw"), "perm", new long[] {0, 3, 1, 2});
        image = "image_nchw";
      } else {
        graph.input("image", batch, 3, height, width);
      }
      float w = gain / 3f;
      graph.initializer("weight", new long[] {1, 3, 1, 1}, w, w, w);
      graph.initializer("bias", new long[] {1}, bias);
      graph.node("Conv", List.of(image, "weight", "bias"), List.of("mean"));
      String pooled = channelsLastOutput ? "depth_nchw" : "depth";
      graph.node(
          "AveragePool",
          List.of("mean"),
          List.of(pooled),
          "kernel_shape",
          new long[] {2, 2},
          "strides",
          new long[] {2, 2});
      if (channelsLastOutput) {
        graph.node("Transpose", List.of(pooled), List.of("depth"), "perm", new long[] {0, 2, 3, 1});
        graph.output("depth", batch, outH, outW, 1);
      } else {
        graph.output("depth", batch, 1, outH, outW);
      }
      return graph.toModelBytes();
    }
  }

  /**
   * Writes {@code model} and a matching {@code model.json} into {@code directory} and loads the
   * bundle back. Normalisation is DenseDepth's RGB/255; the declared input size is the model's (or
   * {@code declaredWidth × declaredHeight} where the model's axes are dynamic, or to provoke a
   * mismatch).
   */
  public static ModelBundle writeBundle(
      Path directory,
      String id,
      MeanModel model,
      int declaredWidth,
      int declaredHeight,
      ModelOutput output) {
    try {
      Files.createDirectories(directory);
      Path onnx = directory.resolve(ModelBundle.MODEL_FILE);
      Files.write(onnx, model.toOnnx());
      ModelBundle bundle =
          new ModelBundle(
              directory,
              id,
              "1.0.0",
              "mean-conv1x1",
              new ModelInput(
                  declaredWidth, declaredHeight, model.layout(), Normalisation.DENSEDEPTH),
              output,
              Optional.of(new TrainingRecord("OnnxTestModels.writeBundle", "none", 0, 0, 0)),
              Map.of(),
              ModelBundle.sha256Of(onnx));
      bundle.write(directory);
      return ModelBundle.load(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A ready bundle for service tests: 8×8 NCHW input, dynamic batch, metric output {@code depth_m =
   * 10 · mean(RGB)/255} clipped to [0.1, 10] m, so a uniform grey frame of level {@code v} reads
   * {@code 10·v/255} metres everywhere (128 → 5.0196 m).
   */
  public static ModelBundle greyToDepthBundle(Path directory) {
    return writeBundle(
        directory,
        "grey-depth",
        MeanModel.of(10f, 0f, 8, 8),
        8,
        8,
        new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0));
  }
}
