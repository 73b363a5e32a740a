package io.depthstream.trainer.data;

/**
 * A finite, random-access set of {@link DepthSample}s: NYU from DenseDepth's zip, KITTI, the
 * synthetic world. Random access lets splitting, shuffling and batching work on indices alone and
 * decode only what a batch needs. Implementations decode on each call and hold no decoded images.
 */
public interface DepthDataset {

  /** A short description for logs and reports, e.g. {@code nyu-train(nyu_data.zip)}. */
  String name();

  /** Number of samples. */
  int size();

  /**
   * Decodes sample {@code index} (0-based).
   *
   * @throws IndexOutOfBoundsException outside {@code [0, size())}
   * @throws IllegalArgumentException when the sample's files are missing or malformed, naming them
   */
  DepthSample sample(int index);
}
