package io.depthstream.trainer;

import io.depthstream.trainer.model.DenseDepthDecoder;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.train.AdamOptimizer;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.LearningRateSchedule;
import io.depthstream.trainer.train.OptimizerKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code train}'s optimiser options: Adam or AMSGrad, its rate and decays, its betas. */
final class OptimiserOptions {

  @Option(
      names = "--lr",
      defaultValue = "1e-4",
      description =
          "Learning rate of Adam or AMSGrad (default: ${DEFAULT-VALUE}); a resumed run keeps its"
              + " checkpoint's.")
  double learningRate;

  @Option(
      names = "--lr-decay-at",
      split = ",",
      paramLabel = "STEP[,STEP...]",
      description =
          "Steps at which the learning rate is multiplied by --lr-decay, e.g. 3000,4000. With"
              + " --resume, adds decays from the checkpoint's step on (e.g. the step it stopped"
              + " at, to finish a run that has stopped improving).")
  List<Long> lrDecayAt = List.of();

  @Option(
      names = "--lr-warmup",
      defaultValue = "0",
      paramLabel = "STEPS",
      description =
          "Steps over which the rate rises linearly from --lr/STEPS to --lr at the start of the"
              + " run (default: ${DEFAULT-VALUE}, none). For --init-from at a higher rate than the"
              + " bundle last trained at: Adam's fresh moments would otherwise move every weight by"
              + " the full rate on the first steps. A resumed run keeps its checkpoint's.")
  long lrWarmup;

  @Option(
      names = "--lr-decay",
      defaultValue = "0.1",
      description = "Factor of each --lr-decay-at drop (default: ${DEFAULT-VALUE}).")
  double lrDecay;

  @Option(
      names = "--optimizer",
      converter = OptionValues.Optimizer.class,
      description =
          "adam or amsgrad; default: the model's own (amsgrad for DenseDepth models, as DenseDepth"
              + " trains; adam for DeepLab and the baselines). A resumed run keeps its checkpoint's.")
  OptimizerKind optimizer;

  @Option(
      names = "--beta1",
      defaultValue = "0.9",
      description = "Adam beta1 (default: ${DEFAULT-VALUE}).")
  double beta1;

  @Option(
      names = "--beta2",
      defaultValue = "0.999",
      description = "Adam beta2 (default: ${DEFAULT-VALUE}).")
  double beta2;

  /**
   * The optimiser of this run: a resumed run keeps its checkpoint's optimiser, rate and moments,
   * and adds --lr-decay-at decays from its step on.
   */
  AdamOptimizer optimiser(Checkpoint resumed, ModelConfig config) {
    LearningRateSchedule schedule =
        resumed != null
            ? resumed.learningRate().resumedAt(resumed.step(), lrDecayAt, lrDecay, lrWarmup)
            : new LearningRateSchedule(learningRate, lrDecayAt, lrDecay, lrWarmup);
    Map<String, Double> rateScales = new LinkedHashMap<>();
    for (String name : config.network().trainableParameters()) {
      if (DenseDepthDecoder.inRefinementStage(name)) {
        rateScales.put(name, DenseDepthDecoder.REFINE_RATE_SCALE);
      }
    }
    AdamOptimizer adam =
        new AdamOptimizer(kind(resumed, config), schedule, beta1, beta2, 1e-7, rateScales);
    if (resumed != null) {
      adam.restore(resumed.optimiserState(), resumed.step());
    }
    return adam;
  }

  /** The checkpoint's optimiser when resuming, else --optimizer or the architecture's own. */
  private OptimizerKind kind(Checkpoint resumed, ModelConfig config) {
    if (resumed == null) {
      return optimizer != null ? optimizer : OptimizerKind.defaultFor(config.architecture());
    }
    if (optimizer != null && optimizer != resumed.optimizer()) {
      throw new IllegalArgumentException(
          "--optimizer "
              + optimizer.id()
              + " cannot continue a run trained with "
              + resumed.optimizer().id()
              + " (its saved moments belong to that one); drop --optimizer to resume, or start"
              + " afresh without --resume");
    }
    return resumed.optimizer();
  }
}
