package io.depthstream.trainer.train;

import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The epoch loop around a {@link Trainer}: steps through the training batches with a progress bar
 * (loss, speed, ETA), writes checkpoints every N steps and at each epoch's end, validates after
 * every epoch, and can pick up from a checkpoint's position.
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
    List<EpochResult> results = new ArrayList<>();
    int perEpoch = train.batchesPerEpoch();
    long total = (long) perEpoch * options.epochs();
    if (options.maxSteps() > 0) {
      total = Math.min(total, options.maxSteps());
    }
    long start = System.nanoTime();
    String label = "train " + trainer.config().id();
    try (ProgressBar bar = new ProgressBar(label, total, "batches", progressOut)) {
      bar.resumeAt(Math.min(total, trainer.optimiser().iterations()));
      // a loader reshuffles per epoch on reset(); replaying the resets keeps a resumed run's order
      for (int e = 0; e < startEpoch; e++) {
        train.reset();
      }
      for (int epoch = startEpoch; epoch < options.epochs() && !stepLimitReached(); epoch++) {
        int batch = 0;
        double lossSum = 0;
        int lossCount = 0;
        while (train.hasNext() && !stepLimitReached()) {
          Batch b = train.next();
          if (epoch == startEpoch && batch < skipBatches) {
            batch++;
            continue;
          }
          double loss = trainer.step(b);
          batch++;
          lossSum += loss;
          lossCount++;
          long steps = trainer.optimiser().iterations();
          bar.detail(
              String.format(
                  Locale.ROOT,
                  "epoch %d/%d loss %.4f (mean %.4f)",
                  epoch + 1,
                  options.epochs(),
                  loss,
                  lossSum / lossCount));
          bar.stepTo(Math.min(total, steps));
          if (options.checkpointEvery() > 0 && steps % options.checkpointEvery() == 0) {
            save(epoch, batch, previousSeconds + seconds(start));
          }
        }
        train.reset();
        Validation v = trainer.validate(validation, options.protocol());
        lastMetrics = metricsMap(v.metrics());
        EpochResult result =
            new EpochResult(
                epoch,
                trainer.optimiser().iterations(),
                lossCount == 0 ? Double.NaN : lossSum / lossCount,
                v,
                previousSeconds + seconds(start));
        results.add(result);
        LOG.info(
            "epoch {}: train loss {}, validation loss {}, delta1 {}",
            epoch + 1,
            result.trainLoss(),
            v.loss(),
            v.metrics().delta1());
        save(epoch + 1, 0, result.seconds());
        onEpoch.accept(result);
      }
    }
    return results;
  }

  private boolean stepLimitReached() {
    return options.maxSteps() > 0 && trainer.optimiser().iterations() >= options.maxSteps();
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void save(int epoch, int batchInEpoch, double seconds) {
    if (options.checkpointFile() == null) {
      return;
    }
    Checkpoint c =
        new Checkpoint(
            trainer.config(),
            trainer.lossKind(),
            trainer.optimiser().kind(),
            trainer.optimiser().schedule(),
            trainer.optimiser().iterations(),
            epoch,
            batchInEpoch,
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
