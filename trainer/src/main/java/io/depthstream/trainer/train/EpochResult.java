package io.depthstream.trainer.train;

/**
 * What one epoch achieved: mean training loss over its batches and the validation afterwards.
 *
 * @param epoch 0-based
 * @param steps optimiser steps taken so far in the run
 */
public record EpochResult(
    int epoch, long steps, double trainLoss, Validation validation, double seconds) {}
