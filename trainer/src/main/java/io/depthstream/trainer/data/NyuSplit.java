package io.depthstream.trainer.data;

/**
 * The two halves of DenseDepth's NYU Depth v2 zip and how each stores depth: the training CSV
 * points at 8-bit PNGs scaled to 10 m, the test CSV (the 654 Eigen images) at 16-bit millimetre
 * PNGs.
 */
public enum NyuSplit {
  TRAIN("data/nyu2_train.csv"),
  TEST("data/nyu2_test.csv");

  /** Metres that 8-bit value 255 stands for in the training split. */
  public static final double TRAIN_MAX_METRES = 10.0;

  private final String csv;

  NyuSplit(String csv) {
    this.csv = csv;
  }

  /** The CSV inside the zip (or unpacked directory) listing {@code rgb,depth} path pairs. */
  public String csv() {
    return csv;
  }
}
