package io.depthstream.trainer.train;

import io.depthstream.trainer.model.Architecture;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The optimisers the trainer offers, by command-line id; both are {@link AdamOptimizer}. */
public enum OptimizerKind {
  /** Adam (Kingma and Ba 2015). */
  ADAM("adam"),
  /**
   * AMSGrad (Reddi et al. 2018): Adam whose step divides by the largest second moment seen so far,
   * so the step size never grows back. DenseDepth trains with it ({@code Adam(amsgrad=True)}).
   */
  AMSGRAD("amsgrad");

  private final String id;

  OptimizerKind(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  /**
   * The optimiser each architecture trains with by default: AMSGrad for the DenseDepth models, as
   * DenseDepth's code does; plain Adam for the rest. The seed baselines were designed with Adam,
   * and DeepLab v2 trains with SGD and momentum, which this trainer does not offer, so Adam is the
   * one adaptive stand-in for it here.
   */
  public static OptimizerKind defaultFor(Architecture architecture) {
    return architecture.denseNet() != null ? AMSGRAD : ADAM;
  }

  public static OptimizerKind fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (OptimizerKind k : values()) {
      if (k.id.equals(wanted)) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "unknown optimizer '"
            + id
            + "'; choose one of "
            + Arrays.stream(values()).map(OptimizerKind::id).collect(Collectors.joining(", ")));
  }
}
