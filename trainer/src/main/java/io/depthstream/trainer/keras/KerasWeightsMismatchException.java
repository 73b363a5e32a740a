package io.depthstream.trainer.keras;

import java.util.List;

/**
 * A pretrained file does not hold what a model asked for: some tensors are missing or have another
 * shape. The message lists every problem, not just the first, so one run shows the whole gap.
 */
public final class KerasWeightsMismatchException extends RuntimeException {

  private final List<String> problems;

  public KerasWeightsMismatchException(String source, List<String> problems) {
    super(
        source
            + " does not match the model: "
            + problems.size()
            + " problem(s):\n  "
            + String.join("\n  ", problems)
            + "\nCheck that the file is the one the encoder expects (for DenseNet-169:"
            + " densenet169_weights_tf_dim_ordering_tf_kernels_notop.h5 from Keras applications).");
    this.problems = List.copyOf(problems);
  }

  /** One line per missing or misshapen tensor. */
  public List<String> problems() {
    return problems;
  }
}
