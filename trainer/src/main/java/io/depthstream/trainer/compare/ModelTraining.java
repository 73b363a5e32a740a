package io.depthstream.trainer.compare;

import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.progress.ProgressBar;
import io.depthstream.trainer.data.DatasetBatchSource;
import io.depthstream.trainer.data.DepthAugmentation;
import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.InputSize;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.report.CurvePoint;
import io.depthstream.trainer.train.AdamOptimizer;
import io.depthstream.trainer.train.Batch;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.LearningRateSchedule;
import io.depthstream.trainer.train.LossKind;
import io.depthstream.trainer.train.MemoryEstimate;
import io.depthstream.trainer.train.OptimizerKind;
import io.depthstream.trainer.train.Trainer;
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
 * seeded shuffled and augmented batches, validation after every epoch. Unlike {@code train}'s loop
 * it keeps every step's loss, because the report plots the whole curve, and it returns the result
 * as a {@link Checkpoint} instead of writing it mid-run.
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
    LossKind loss = LossKind.defaultFor(config);
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, seed);
    AdamOptimizer adam =
        new AdamOptimizer(
            OptimizerKind.defaultFor(config.architecture()),
            LearningRateSchedule.constant(learningRate),
            0.9,
            0.999,
            1e-7);
    Trainer trainer = new Trainer(config, params, loss, adam, BN_MOMENTUM);
    InputSize size = new InputSize(config.width(), config.height());
    List<CurvePoint> curve = new ArrayList<>();
    long start = System.nanoTime();
    Validation last = null;
    try (DatasetBatchSource trainBatches =
            new DatasetBatchSource(
                train, size, batchSize, DepthAugmentation.denseDepth(seed), true, seed);
        DatasetBatchSource validationBatches =
            new DatasetBatchSource(
                validation, size, batchSize, DepthAugmentation.none(), false, seed);
        DatasetBatchSource peek =
            new DatasetBatchSource(train, size, batchSize, DepthAugmentation.none(), false, seed);
        ProgressBar bar =
            new ProgressBar(
                "train " + config.id(),
                (long) trainBatches.batchesPerEpoch() * epochs,
                "batches",
                progress)) {
      trainer.startAtMeanDepth(peek.next());
      for (int epoch = 0; epoch < epochs; epoch++) {
        double sum = 0;
        int count = 0;
        double lastLoss = Double.NaN;
        while (trainBatches.hasNext()) {
          Batch batch = trainBatches.next();
          lastLoss = trainer.step(batch);
          sum += lastLoss;
          count++;
          long step = adam.iterations();
          if (trainBatches.hasNext()) {
            curve.add(CurvePoint.step(epoch, step, lastLoss));
          }
          bar.detail(
              String.format(
                  Locale.ROOT,
                  "epoch %d/%d loss %.4f (mean %.4f)",
                  epoch + 1,
                  epochs,
                  lastLoss,
                  sum / count));
          bar.step();
        }
        trainBatches.reset();
        last = trainer.validate(validationBatches, protocol);
        // the epoch's last step carries the validation, plotted against the 1-based epoch
        curve.add(
            CurvePoint.epochEnd(
                epoch + 1, adam.iterations(), lastLoss, last.loss(), last.metrics().delta1()));
        progress.printf(
            Locale.ROOT,
            "%s epoch %d/%d: train loss %.4f, validation loss %.4f, delta1 %.3f%n",
            config.id(),
            epoch + 1,
            epochs,
            sum / count,
            last.loss(),
            last.metrics().delta1());
      }
    }
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
            train.name(),
            command,
            (System.nanoTime() - start) / 1e9,
            metrics,
            params,
            adam.state());
    return new Result(checkpoint, curve);
  }
}
