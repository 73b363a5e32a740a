package io.depthstream.trainer.train;

import io.depthstream.trainer.model.Layer;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.TensorShape;
import java.util.Locale;
import java.util.Map;

/**
 * An estimate of the native memory a training step needs, so a run that cannot fit is refused up
 * front with advice instead of dying an hour later. SameDiff keeps every op's output for backprop
 * and makes a gradient for each, so the count is per op, not per layer: parameters five times
 * (value, gradient, two Adam moments, an update temporary), every layer output three times (kept,
 * gradient, a copy inside concat/conv backprop), batch norm sixteen (eight primitive ops, each with
 * a gradient), upsampling ten, and a dilated conv nine (its space-to-batch reshuffles copy input
 * and output, each with a gradient), plus a fixed allowance for the native libraries' buffers.
 */
public record MemoryEstimate(long parameterBytes, long activationBytes) {

  private static final int FLOAT_BYTES = 4;

  /** oneDNN/OpenBLAS scratch buffers and SameDiff bookkeeping, independent of the model. */
  static final long RUNTIME_BYTES = 512L << 20;

  /** Estimate for training {@code config} with {@code batchSize} images per step. */
  public static MemoryEstimate training(ModelConfig config, int batchSize) {
    Network net = config.network();
    long params = net.parameterCount() * FLOAT_BYTES * 5 + RUNTIME_BYTES;
    Map<String, TensorShape> shapes = net.shapes(config.height(), config.width());
    long floats = 0;
    for (Layer layer : net.layers()) {
      long elements = shapes.get(layer.name()).elements();
      int copies = 3;
      if (layer instanceof Layer.BatchNorm) {
        copies = 16;
      } else if (layer instanceof Layer.Upsample) {
        copies = 10;
      } else if (layer instanceof Layer.Conv c && c.dilation() > 1) {
        copies = 9;
      }
      floats += elements * copies;
    }
    return new MemoryEstimate(params, floats * batchSize * FLOAT_BYTES);
  }

  public long totalBytes() {
    return parameterBytes + activationBytes;
  }

  /**
   * Native memory ND4J may use in this JVM: JavaCPP's limit ({@code
   * -Dorg.bytedeco.javacpp.maxbytes}, by default the heap limit {@code -Xmx}).
   */
  public static long availableBytes() {
    long max = org.bytedeco.javacpp.Pointer.maxBytes();
    return max > 0 ? max : Runtime.getRuntime().maxMemory();
  }

  /**
   * Throws when the estimate exceeds {@code available} bytes, with the largest batch size that
   * would fit and the JVM options to raise the limit.
   */
  public void requireFits(ModelConfig config, int batchSize, long available) {
    if (totalBytes() <= available) {
      return;
    }
    long perImage = activationBytes / batchSize;
    long fittingBatch = perImage == 0 ? 0 : (available - parameterBytes) / perImage;
    String advice =
        fittingBatch >= 1
            ? "Use --batch-size " + fittingBatch + " or smaller"
            : "Even one image does not fit; use a smaller --width/--height or a smaller model";
    throw new IllegalStateException(
        String.format(
            Locale.ROOT,
            "%s at %dx%d with batch size %d needs about %s to train (activations %s, parameters,"
                + " Adam state and runtime %s) but this JVM may use %s of native memory. %s, or raise the"
                + " limit, e.g. DEPTHSTREAM_JAVA_OPTS='-Xmx%dg -Dorg.bytedeco.javacpp.maxbytes=%dg'",
            config.architecture().id(),
            config.width(),
            config.height(),
            batchSize,
            gib(totalBytes()),
            gib(activationBytes),
            gib(parameterBytes),
            gib(available),
            advice,
            Math.max(2, (long) Math.ceil(totalBytes() * 1.25 / (1L << 30))),
            Math.max(2, (long) Math.ceil(totalBytes() * 1.25 / (1L << 30)))));
  }

  static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}
