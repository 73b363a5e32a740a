package io.depthstream.trainer.compare;

import io.depthstream.core.synth.SceneKind;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything a comparison run is fixed by, with the defaults (or {@code --quick}'s) resolved: the
 * same values always give the same data, initialisation and batch order.
 *
 * @param data a DenseDepth-layout NYU directory or zip; null renders the synthetic world instead
 * @param decoderWidth DenseDepth decoder width F for the DenseNet models
 * @param threads math threads for ND4J and ONNX Runtime; 0 = the libraries' own choice
 * @param gridRows test images in the qualitative grid
 * @param command the command line that reproduces the run
 */
record ComparisonPlan(
    List<Contender> contenders,
    SceneKind scene,
    Path data,
    int trainCount,
    int testCount,
    int width,
    int height,
    int decoderWidth,
    int epochs,
    int batch,
    double learningRate,
    double validationFraction,
    long seed,
    int threads,
    int gridRows,
    Path out,
    String command) {

  ComparisonPlan {
    contenders = List.copyOf(contenders);
    if (contenders.isEmpty()) {
      throw new IllegalArgumentException("--models lists no model; name at least one");
    }
    if (contenders.stream().distinct().count() < contenders.size()) {
      throw new IllegalArgumentException(
          "--models names a model twice; the same seeds would train it twice to the same result");
    }
    if (trainCount < 2 || testCount < 1) {
      throw new IllegalArgumentException(
          "--train-count must be at least 2 (one image is held out for validation) and"
              + " --test-count at least 1, got "
              + trainCount
              + " and "
              + testCount);
    }
    if (width % 32 != 0 || height % 32 != 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "--size "
              + width
              + "x"
              + height
              + ": both sides must be positive multiples of 32 (DenseNet downsamples 32 times),"
              + " e.g. 64x64 or 128x96");
    }
    if (threads < 0) {
      throw new IllegalArgumentException(
          "--threads must be 0 (library default) or more, got " + threads);
    }
  }

  /** Depth range the models encode and the protocol scores: NYU's 10 m indoors, KITTI's 80 m. */
  double maxDepth() {
    return data != null ? 10.0 : scene.maxDepthMetres();
  }
}
