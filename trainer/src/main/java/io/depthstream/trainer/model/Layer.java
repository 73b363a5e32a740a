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

  /**
   * 2-D convolution, square kernel, symmetric zero padding; kernel stored [kH, kW, cIn, cOut]. A
   * dilation d above 1 (atrous convolution, DeepLab) spreads the kernel taps d pixels apart, so a
   * k×k kernel covers {@code d·(k − 1) + 1} pixels with k² weights.
   */
  record Conv(
      String name,
      String input,
      int filters,
      int kernel,
      int stride,
      int pad,
      boolean bias,
      int dilation)
      implements Layer {

    /** An ordinary (undilated) convolution. */
    public Conv(
        String name, String input, int filters, int kernel, int stride, int pad, boolean bias) {
      this(name, input, filters, kernel, stride, pad, bias, 1);
    }

    public Conv {
      if (dilation < 1) {
        throw new IllegalArgumentException(name + ": dilation must be at least 1, got " + dilation);
      }
    }

    /** Pixels the kernel spans along one axis: {@code dilation·(kernel − 1) + 1}. */
    public int span() {
      return dilation * (kernel - 1) + 1;
    }

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

  /** Element-wise sum of tensors of one shape (residual shortcuts, DeepLab's ASPP branches). */
  record Add(String name, List<String> inputs) implements Layer {
    public Add {
      inputs = List.copyOf(inputs);
      if (inputs.size() < 2) {
        throw new IllegalArgumentException(name + ": a sum needs at least two inputs");
      }
    }
  }

  /**
   * Bilinear upsampling by an integer factor with half-pixel centres and clamped edges (ONNX Resize
   * "linear", "half_pixel"; PyTorch align_corners=False).
   */
  record Upsample(String name, String input, int factor) implements Layer {

    /** 2× upsampling, as DenseDepth's decoder does. */
    public Upsample(String name, String input) {
      this(name, input, 2);
    }

    public Upsample {
      if (factor < 2) {
        throw new IllegalArgumentException(
            name + ": upsampling factor must be at least 2, got " + factor);
      }
    }

    @Override
    public List<String> inputs() {
      return List.of(input);
    }
  }
}
