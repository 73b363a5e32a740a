package io.depthstream.trainer.compare;

import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.trainer.data.DatasetBatchSource;
import io.depthstream.trainer.data.DepthAugmentation;
import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.InputSize;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.report.CurvePoint;
import io.depthstream.trainer.train.AdamOptimizer;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.EpochResult;
import io.depthstream.trainer.train.LearningRateSchedule;
import io.depthstream.trainer.train.LossKind;
import io.depthstream.trainer.train.MemoryEstimate;
import io.depthstream.trainer.train.OptimizerKind;
import io.depthstream.trainer.train.Trainer;
import io.depthstream.trainer.train.TrainingLoop;
import io.depthstream.trainer.train.TrainingLoss;
import io.depthstream.trainer.train.TrainingRun;
import io.depthstream.trainer.train.Validation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trains one model of a comparison from scratch: seeded initialisation, the output bias started at
 * the data's mean depth, the architecture's optimiser ({@link OptimizerKind#defaultFor}) over
 * seeded shuffled and augmented batches, validation after every epoch, in {@code train}'s {@link
 * TrainingLoop}. Unlike {@code train} it keeps every step's loss, because the report plots the
 * whole curve, and it returns the result as a {@link Checkpoint} instead of writing it mid-run.
 *
 * @param epochs passes over the training set
 * @param batchSize images per optimiser step
 * @param learningRate the optimiser's step size
 * @param seed initialisation, shuffling and augmentation all draw from it
 */
record ModelTraining(int epochs, int batchSize, double learningRate, long seed) {

  /** Weight of the old value in batch-norm running statistics (train's default). */
  static final double BN_MOMENTUM = 0.9;

  ModelTraining {
    if (epochs <= 0 || batchSize <= 0 || !(learningRate > 0)) {
      throw new IllegalArgumentException(
          "--epochs and --batch must be at least 1 and --lr positive, got "
              + epochs
              + ", "
              + batchSize
              + ", "
              + learningRate);
    }
  }

  /** A trained model with its curve (per step; epoch ends carry the validation scores). */
  record Result(Checkpoint checkpoint, List<CurvePoint> curve) {}

  Result train(
      ModelConfig config,
      DepthDataset train,
      DepthDataset validation,
      EvaluationProtocol protocol,
      String command,
      PrintStream progress) {
    MemoryEstimate.training(config, batchSize)
        .requireFits(config, batchSize, MemoryEstimate.availableBytes());
    TrainingLoss loss = TrainingLoss.of(LossKind.defaultFor(config));
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, seed);
    AdamOptimizer adam =
        new AdamOptimizer(
            OptimizerKind.defaultFor(config.architecture()),
            LearningRateSchedule.constant(learningRate),
            0.9,
            0.999,
            1e-7);
    Trainer trainer = new Trainer(config, params, loss, adam, BN_MOMENTUM);
    InputSize size = InputSize.of(config);
    EpochCurve curve = new EpochCurve(config.id(), epochs, progress);
    long start = System.nanoTime();
    List<EpochResult> epochResults;
    try (DatasetBatchSource trainBatches =
            new DatasetBatchSource(
                train, size, batchSize, DepthAugmentation.denseDepth(seed), true, seed);
        DatasetBatchSource validationBatches =
            new DatasetBatchSource(
                validation, size, batchSize, DepthAugmentation.none(), false, seed);
        DatasetBatchSource peek =
            new DatasetBatchSource(train, size, batchSize, DepthAugmentation.none(), false, seed)) {
      trainer.startAtMeanDepth(peek.next());
      epochResults =
          new TrainingLoop(trainer, epochs, 0, protocol, progress, List.of(curve))
              .run(trainBatches, validationBatches, 0, 0, 0);
    }
    Validation last = epochResults.get(epochResults.size() - 1).validation();
    Map<String, Double> metrics = TrainingRun.metricsMap(last.metrics());
    Checkpoint checkpoint =
        new Checkpoint(
            config,
            loss,
            adam.kind(),
            adam.schedule(),
            adam.iterations(),
            epochs,
            0,
            batchSize,
            train.name(),
            command,
            (System.nanoTime() - start) / 1e9,
            metrics,
            params,
            adam.state());
    return new Result(checkpoint, curve.points());
  }

  /**
   * The report's loss curve: a point per step, the epoch's last step carrying the validation
   * (plotted against the 1-based epoch), and a line per epoch on the progress stream.
   */
  private static final class EpochCurve implements TrainingLoop.Listener {

    private final String model;
    private final int epochs;
    private final PrintStream progress;
    private final List<CurvePoint> points = new ArrayList<>();
    private double lastLoss = Double.NaN;

    EpochCurve(String model, int epochs, PrintStream progress) {
      this.model = model;
      this.epochs = epochs;
      this.progress = progress;
    }

    @Override
    public void onStep(TrainingLoop.Step step) {
      lastLoss = step.loss();
      if (!step.lastOfEpoch()) {
        points.add(CurvePoint.step(step.epoch(), step.steps(), step.loss()));
      }
    }

    @Override
    public void onEpoch(EpochResult result) {
      Validation v = result.validation();
      points.add(
          CurvePoint.epochEnd(
              result.epoch() + 1, result.steps(), lastLoss, v.loss(), v.metrics().delta1()));
      progress.printf(
          Locale.ROOT,
          "%s epoch %d/%d: train loss %.4f, validation loss %.4f, delta1 %.3f%n",
          model,
          result.epoch() + 1,
          epochs,
          result.trainLoss(),
          v.loss(),
          v.metrics().delta1());
    }

    List<CurvePoint> points() {
      return points;
    }
  }
}
