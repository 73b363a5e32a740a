package io.depthstream.trainer.model;

/** Channels, height and width of one image's activation (the batch dimension is left out). */
public record TensorShape(int channels, int height, int width) {

  /** Number of floats per image. */
  public long elements() {
    return (long) channels * height * width;
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
