package io.depthstream.cli.evaluate;

/** The on-disk dataset layouts {@code evaluate --data} recognises. */
enum DatasetLayout {
  NYU("DenseDepth NYU test split"),
  KITTI("KITTI raw + depth benchmark"),
  FOLDERS("rgb/ + depth/ folders");

  private final String title;

  DatasetLayout(String title) {
    this.title = title;
  }

  String title() {
    return title;
  }
}
