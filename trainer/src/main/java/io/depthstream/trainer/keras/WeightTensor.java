package io.depthstream.trainer.keras;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named array of pretrained weights as it lies in a Keras file: float values in row-major (C)
 * order and their shape in Keras's own layout, e.g. a convolution kernel {@code [kh, kw, in, out]}
 * or a batch-norm {@code gamma} {@code [channels]}.
 */
public record WeightTensor(int[] shape, float[] values) {

  public WeightTensor {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(values, "values");
    long count = elementCount(shape);
    if (count != values.length) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " holds "
              + count
              + " values, the array has "
              + values.length);
    }
    shape = shape.clone();
  }

  @Override
  public int[] shape() {
    return shape.clone();
  }

  /** True when this tensor's shape is exactly {@code expected}. */
  public boolean hasShape(int[] expected) {
    return Arrays.equals(shape, expected);
  }

  /** Number of values a tensor of this shape holds; a scalar (empty shape) holds one. */
  public static long elementCount(int[] shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n *= d;
    }
    return n;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightTensor t
        && Arrays.equals(shape, t.shape)
        && Arrays.equals(values, t.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "WeightTensor" + Arrays.toString(shape);
  }
}
