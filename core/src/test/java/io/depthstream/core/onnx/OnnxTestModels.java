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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Real, tiny ONNX depth models for tests, written without protobuf or Python. A {@link MeanModel}
 * computes {@code y = gain · mean(R, G, B) + bias} over the normalised input with a 1×1 Conv, then
 * halves the resolution with a 2×2 AveragePool, like DenseDepth's half-size output. With DenseDepth
 * normalisation (RGB/255) a uniform grey frame of level {@code v} therefore yields exactly {@code y
 * = gain · v/255 + bias} everywhere, which tests decode by hand per output kind. A {@link BinModel}
 * does the same for K depth-bin scores at once.
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
   * A depth-bins model: a 1×1 Conv from RGB to K channels, channel {@code i} computing {@code
   * gains[i] · mean(R, G, B) + biases[i]}, then a 2×2 AveragePool. With RGB/255 normalisation a
   * uniform grey frame of level {@code v} yields the K scores {@code gains[i]·v/255 + biases[i]} at
   * every pixel, so the decoded depth can be worked out by hand.
   *
   * @param gains per-bin total weight over the three channels
   * @param biases per-bin bias, as many as {@code gains}
   * @param layout input layout, and so the output's: NCHW gives {@code [N, K, H/2, W/2]}, NHWC
   *     {@code [N, H/2, W/2, K]} (transposed inside the graph)
   * @param width input width
   * @param height input height
   */
  public record BinModel(
      float[] gains, float[] biases, TensorLayout layout, int width, int height) {

    public BinModel {
      if (gains.length != biases.length) {
        throw new IllegalArgumentException("one bias per gain, got " + biases.length);
      }
    }

    /** The model as ONNX bytes, with a dynamic batch. */
    public byte[] toOnnx() {
      int k = gains.length;
      boolean nhwc = layout == TensorLayout.NHWC;
      OnnxGraph graph = new OnnxGraph("bin-scores");
      String image = "image";
      if (nhwc) {
        graph.input("image", -1, height, width, 3);
        graph.node(
            "Transpose", List.of("image"), List.of("image_nchw"), "perm", new long[] {0, 3, 1, 2});
        image = "image_nchw";
      } else {
        graph.input("image", -1, 3, height, width);
      }
      float[] weights = new float[k * 3];
      for (int i = 0; i < k; i++) {
        Arrays.fill(weights, i * 3, i * 3 + 3, gains[i] / 3f);
      }
      graph.initializer("weight", new long[] {k, 3, 1, 1}, weights);
      graph.initializer("bias", new long[] {k}, biases);
      graph.node("Conv", List.of(image, "weight", "bias"), List.of("logits"));
      String pooled = nhwc ? "scores_nchw" : "scores";
      graph.node(
          "AveragePool",
          List.of("logits"),
          List.of(pooled),
          "kernel_shape",
          new long[] {2, 2},
          "strides",
          new long[] {2, 2});
      if (nhwc) {
        graph.node(
            "Transpose", List.of(pooled), List.of("scores"), "perm", new long[] {0, 2, 3, 1});
        graph.output("scores", -1, height / 2, width / 2, k);
      } else {
        graph.output("scores", -1, k, height / 2, width / 2);
      }
      return graph.toModelBytes();
    }
  }

  /** Writes a depth-bins model and its {@code model.json} into {@code directory} and loads it. */
  public static ModelBundle writeBundle(
      Path directory, String id, BinModel model, ModelOutput output) {
    return writeBundle(
        directory,
        id,
        model.toOnnx(),
        "bins-conv1x1",
        new ModelInput(model.width(), model.height(), model.layout(), Normalisation.DENSEDEPTH),
        output);
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
    return writeBundle(
        directory,
        id,
        model.toOnnx(),
        "mean-conv1x1",
        new ModelInput(declaredWidth, declaredHeight, model.layout(), Normalisation.DENSEDEPTH),
        output);
  }

  private static ModelBundle writeBundle(
      Path directory,
      String id,
      byte[] onnxBytes,
      String encoder,
      ModelInput input,
      ModelOutput output) {
    try {
      Files.createDirectories(directory);
      Path onnx = directory.resolve(ModelBundle.MODEL_FILE);
      Files.write(onnx, onnxBytes);
      ModelBundle bundle =
          new ModelBundle(
              directory,
              id,
              "1.0.0",
              encoder,
              input,
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
