package io.depthstream.cli.evaluate;

/**
 * Where {@code evaluate} gets its predictions and ground truths, one image at a time so that a large
 * test set never sits in memory whole. Directories of PNGs today; a model run over a dataset fits the
 * same shape.
 */
interface DepthPairSource {

  /** Number of images. */
  int size();

  /**
   * The {@code index}-th pair, loaded now.
   *
   * @throws EvaluationInputException naming the file when a pair cannot be scored
   */
  DepthPair load(int index);

  /** What is being evaluated, for the report's first line. */
  String description();
}
