package io.depthstream.trainer.model;

import java.util.List;

/**
 * One node of a {@link Network}: a named operation on named inputs, all tensors NCHW. The same
 * description drives the SameDiff graph (training and inference) and the ONNX export, so the two
 * can never disagree about the architecture.
 */
public sealed interface Layer {

  /** Unique name; parameters are stored as {@code name + "/kernel"} and so on, as in Keras. */
  String name();

  /** Names of the tensors this layer reads. */
  List<String> inputs();

  /** 2-D convolution, square kernel, symmetric zero padding; kernel stored [kH, kW, cIn, cOut]. */
  record Conv(String name, String input, int filters, int kernel, int stride, int pad, boolean bias)
      implements Layer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /**
   * Transposed convolution (output {@code (in − 1)·stride + kernel − 2·pad}); kernel stored [kH,
   * kW, cOut, cIn] as SameDiff's deconv2d takes it.
   */
  record ConvTranspose(
      String name, String input, int filters, int kernel, int stride, int pad, boolean bias)
      implements Layer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /** Batch normalisation over N, H, W with learned gamma/beta and running mean/variance. */
  record BatchNorm(String name, String input, double epsilon) implements Layer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /** max(x, 0). */
  record Relu(String name, String input) implements Layer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /** x for x ≥ 0, alpha·x below. */
  record LeakyRelu(String name, String input, double alpha) implements Layer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /** Max pooling; padded cells never win (as ONNX MaxPool and Keras zero-pad-after-ReLU). */
  record MaxPool(String name, String input, int kernel, int stride, int pad) implements Layer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /** Average pooling without padding. */
  record AvgPool(String name, String input, int kernel, int stride) implements Layer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }

  /** Concatenation along channels. */
  record Concat(String name, List<String> inputs) implements Layer {
    public Concat {
      inputs = List.copyOf(inputs);
    }
  }

  /**
   * 2× bilinear upsampling with half-pixel centres and clamped edges (ONNX Resize "linear",
   * "half_pixel"; PyTorch align_corners=False).
   */
  record Upsample(String name, String input) implements Layer {
    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }
}
