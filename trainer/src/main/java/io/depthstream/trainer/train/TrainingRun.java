package io.depthstream.trainer.train;

import io.depthstream.core.metrics.DepthMetrics;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code train}'s run: the {@link TrainingLoop} with a checkpoint every N steps and at each epoch's
 * end (the latest validation metrics with it), a log line and a callback per epoch, picking up from
 * a checkpoint's position.
 */
public final class TrainingRun {

  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  private final Trainer trainer;
  private final TrainingOptions options;
  private final PrintStream progressOut;
  private final Consumer<EpochResult> onEpoch;
  private Map<String, Double> lastMetrics = new TreeMap<>();

  public TrainingRun(
      Trainer trainer,
      TrainingOptions options,
      PrintStream progressOut,
      Consumer<EpochResult> onEpoch) {
    this.trainer = trainer;
    this.options = options;
    this.progressOut = progressOut;
    this.onEpoch = onEpoch;
  }

  /**
   * Trains from epoch {@code startEpoch}, skipping its first {@code skipBatches} batches (both 0
   * for a fresh run), with {@code previousSeconds} of training already behind it.
   */
  public List<EpochResult> run(
      BatchSource train,
      BatchSource validation,
      int startEpoch,
      int skipBatches,
      double previousSeconds) {
    TrainingLoop loop =
        new TrainingLoop(
            trainer,
            options.epochs(),
            options.maxSteps(),
            options.protocol(),
            progressOut,
            List.of(new Checkpoints()));
    return loop.run(train, validation, startEpoch, skipBatches, previousSeconds);
  }

  /** Writes the checkpoints and reports each epoch. */
  private final class Checkpoints implements TrainingLoop.Listener {

    @Override
    public void onStep(TrainingLoop.Step step) {
      if (options.checkpointEvery() > 0 && step.steps() % options.checkpointEvery() == 0) {
        save(step.epoch(), step.batchInEpoch(), step.seconds());
      }
    }

    @Override
    public void onEpoch(EpochResult result) {
      Validation v = result.validation();
      lastMetrics = metricsMap(v.metrics());
      LOG.info(
          "epoch {}: train loss {}, validation loss {}, delta1 {}",
          result.epoch() + 1,
          result.trainLoss(),
          v.loss(),
          v.metrics().delta1());
      save(result.epoch() + 1, 0, result.seconds());
      onEpoch.accept(result);
    }
  }

  private void save(int epoch, int batchInEpoch, double seconds) {
    if (options.checkpointFile() == null) {
      return;
    }
    Checkpoint c =
        new Checkpoint(
            trainer.config(),
            trainer.loss(),
            trainer.optimiser().kind(),
            trainer.optimiser().schedule(),
            trainer.optimiser().iterations(),
            epoch,
            batchInEpoch,
            options.batchSize(),
            options.dataset(),
            options.command(),
            seconds,
            lastMetrics,
            trainer.parameters(),
            trainer.optimiser().state());
    try {
      c.write(options.checkpointFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write checkpoint " + options.checkpointFile() + ": " + e.getMessage(), e);
    }
  }

  /** Metrics under the names model bundles and reports use. */
  public static Map<String, Double> metricsMap(DepthMetrics m) {
    Map<String, Double> out = new TreeMap<>();
    out.put("delta1", m.delta1());
    out.put("delta2", m.delta2());
    out.put("delta3", m.delta3());
    out.put("abs_rel", m.absRel());
    out.put("sq_rel", m.sqRel());
    out.put("rmse", m.rmse());
    out.put("rmse_log", m.rmseLog());
    out.put("log10", m.log10());
    out.put("silog", m.silog());
    out.values().removeIf(v -> !Double.isFinite(v));
    return out;
  }
}
