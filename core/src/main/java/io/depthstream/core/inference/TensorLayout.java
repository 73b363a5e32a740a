package io.depthstream.core.inference;

/**
 * Axis order of a model's image input: {@code NCHW} (PyTorch, DL4J, most ONNX exports) or {@code
 * NHWC} (TensorFlow/Keras exports such as the original DenseDepth).
 */
public enum TensorLayout {
  NCHW,
  NHWC;

  /** Shape of a batch of {@code n} RGB images of the given size in this layout. */
  public long[] shape(long n, int height, int width) {
    return this == NCHW ? new long[] {n, 3, height, width} : new long[] {n, height, width, 3};
  }

  /** Index in a flat tensor of channel {@code c} of pixel (x, y) of image {@code n}. */
  public int index(int n, int c, int y, int x, int height, int width) {
    int plane = height * width;
    return this == NCHW
        ? n * 3 * plane + c * plane + y * width + x
        : ((n * height + y) * width + x) * 3 + c;
  }
}
