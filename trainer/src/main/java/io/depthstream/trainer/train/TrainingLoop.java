package io.depthstream.trainer.train;

import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.progress.ProgressBar;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The trainer's one epoch loop, shared by {@code train} ({@link TrainingRun}) and {@code compare}:
 * steps a {@link Trainer} through the training batches with a progress bar (loss, speed, ETA),
 * validates after every epoch, and tells its {@link Listener}s about each step and each epoch. What
 * they make of it (checkpoints, a loss curve, a line per epoch) is theirs. It can start in the
 * middle of an epoch, as a resumed run must.
 */
public final class TrainingLoop {

  /** Hears of every step and every validated epoch, in that order. */
  public interface Listener {

    /** After each optimiser step. */
    default void onStep(Step step) {}

    /** After each epoch's validation. */
    default void onEpoch(EpochResult result) {}
  }

  /**
   * One optimiser step taken.
   *
   * @param epoch 0-based
   * @param batchInEpoch batches of this epoch consumed so far, this one and skipped ones included
   * @param steps optimiser steps taken in the run, this one included
   * @param loss this step's loss, before the step
   * @param lastOfEpoch whether the training source has no batch left in this epoch
   * @param seconds training time so far, earlier runs of a resumed one included
   */
  public record Step(
      int epoch, int batchInEpoch, long steps, double loss, boolean lastOfEpoch, double seconds) {}

  private final Trainer trainer;
  private final int epochs;
  private final long maxSteps;
  private final EvaluationProtocol protocol;
  private final PrintStream progressOut;
  private final List<Listener> listeners;

  /**
   * @param maxSteps stop once the optimiser has taken this many steps in total (0 = no limit)
   * @param protocol how validation scores depth
   * @param progressOut where the progress bar is drawn
   */
  public TrainingLoop(
      Trainer trainer,
      int epochs,
      long maxSteps,
      EvaluationProtocol protocol,
      PrintStream progressOut,
      List<Listener> listeners) {
    this.trainer = trainer;
    this.epochs = epochs;
    this.maxSteps = maxSteps;
    this.protocol = protocol;
    this.progressOut = progressOut;
    this.listeners = List.copyOf(listeners);
  }

  /**
   * Trains from epoch {@code startEpoch}, skipping its first {@code skipBatches} batches (both 0
   * for a fresh run), with {@code previousSeconds} of training already behind it; returns each
   * epoch's result.
   */
  public List<EpochResult> run(
      BatchSource train,
      BatchSource validation,
      int startEpoch,
      int skipBatches,
      double previousSeconds) {
    List<EpochResult> results = new ArrayList<>();
    long total = (long) train.batchesPerEpoch() * epochs;
    if (maxSteps > 0) {
      total = Math.min(total, maxSteps);
    }
    long start = System.nanoTime();
    try (ProgressBar bar =
        new ProgressBar("train " + trainer.config().id(), total, "batches", progressOut)) {
      bar.resumeAt(Math.min(total, trainer.optimiser().iterations()));
      // a loader reshuffles per epoch on reset(); replaying the resets keeps a resumed run's order
      for (int e = 0; e < startEpoch; e++) {
        train.reset();
      }
      for (int epoch = startEpoch; epoch < epochs && !stepLimitReached(); epoch++) {
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
                  epochs,
                  loss,
                  lossSum / lossCount));
          bar.stepTo(Math.min(total, steps));
          Step step =
              new Step(
                  epoch, batch, steps, loss, !train.hasNext(), previousSeconds + seconds(start));
          listeners.forEach(l -> l.onStep(step));
        }
        train.reset();
        Validation v = trainer.validate(validation, protocol);
        EpochResult result =
            new EpochResult(
                epoch,
                trainer.optimiser().iterations(),
                lossCount == 0 ? Double.NaN : lossSum / lossCount,
                v,
                previousSeconds + seconds(start));
        results.add(result);
        listeners.forEach(l -> l.onEpoch(result));
      }
    }
    return results;
  }

  private boolean stepLimitReached() {
    return maxSteps > 0 && trainer.optimiser().iterations() >= maxSteps;
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
