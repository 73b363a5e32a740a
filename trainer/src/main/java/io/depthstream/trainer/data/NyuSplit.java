package io.depthstream.trainer.data;

import io.depthstream.core.dataset.NyuLayout;

/**
 * The half of DenseDepth's NYU Depth v2 zip a data set reads: the training CSV points at 8-bit
 * depth PNGs, the test CSV (the 654 Eigen images) at 16-bit millimetre PNGs ({@link NyuLayout}).
 */
public enum NyuSplit {
  TRAIN(NyuLayout.TRAIN_CSV),
  TEST(NyuLayout.TEST_CSV);

  private final String csv;

  NyuSplit(String csv) {
    this.csv = csv;
  }

  /** The CSV inside the zip (or unpacked directory) listing {@code rgb,depth} path pairs. */
  public String csv() {
    return csv;
  }
}
