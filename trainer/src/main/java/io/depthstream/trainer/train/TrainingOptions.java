package io.depthstream.trainer.train;

import io.depthstream.core.metrics.EvaluationProtocol;
import java.nio.file.Path;

/**
 * How long and how carefully to train.
 *
 * @param epochs passes over the training data
 * @param batchSize images per step, recorded in checkpoints so a resumed run keeps it
 * @param maxSteps stop after this many optimiser steps in total (0 = no limit)
 * @param checkpointEvery write a checkpoint every this many steps (0 = only at epoch ends)
 * @param checkpointFile where checkpoints go (overwritten each time, atomically)
 * @param protocol how validation scores depth (range and crop)
 * @param dataset description of the training data, recorded in checkpoints and bundles
 * @param command the command line that started the run, recorded likewise
 */
public record TrainingOptions(
    int epochs,
    int batchSize,
    long maxSteps,
    int checkpointEvery,
    Path checkpointFile,
    EvaluationProtocol protocol,
    String dataset,
    String command) {

  public TrainingOptions {
    if (epochs <= 0) {
      throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
    }
    if (maxSteps < 0 || checkpointEvery < 0) {
      throw new IllegalArgumentException("--max-steps and --checkpoint-every must not be negative");
    }
  }
}
