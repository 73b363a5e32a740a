package io.depthstream.cli.evaluate;

import java.util.List;

/**
 * Where {@code evaluate} gets its predictions and ground truths, one image at a time so that a
 * large test set never sits in memory whole: directories of PNGs ({@link PngDirectoryPairs}) or a
 * model run over a dataset ({@link ModelPairs}).
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

  /** Lines the report adds under its first, once every pair was loaded (how scores were made). */
  default List<String> notes() {
    return List.of();
  }
}
