package io.depthstream.trainer.report;

/**
 * One point of a model's training curve: the training loss at an optimiser step, and, on the steps
 * that end an epoch, the validation loss and δ1. A value not measured at this point is NaN.
 */
public record CurvePoint(
    int epoch, long step, double trainLoss, double validationLoss, double validationDelta1) {

  /** A training step with no validation. */
  public static CurvePoint step(int epoch, long step, double trainLoss) {
    return new CurvePoint(epoch, step, trainLoss, Double.NaN, Double.NaN);
  }

  /** The end of an epoch, with its validation scores. */
  public static CurvePoint epochEnd(
      int epoch, long step, double trainLoss, double validationLoss, double validationDelta1) {
    return new CurvePoint(epoch, step, trainLoss, validationLoss, validationDelta1);
  }
}
