package io.depthstream.trainer;

import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.trainer.data.DatasetBatchSource;
import io.depthstream.trainer.data.DepthAugmentation;
import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.InputSize;
import io.depthstream.trainer.data.ValidationSplit;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.train.AdamOptimizer;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.EpochResult;
import io.depthstream.trainer.train.MemoryEstimate;
import io.depthstream.trainer.train.Trainer;
import io.depthstream.trainer.train.TrainingLoss;
import io.depthstream.trainer.train.TrainingObjective;
import io.depthstream.trainer.train.TrainingOptions;
import io.depthstream.trainer.train.TrainingRun;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code train}: trains a DenseDepth model, a DeepLab model or a baseline, as depth regression or
 * (DenseDepth, DeepLab) depth-bin classification, with checkpoints and validation.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a DenseDepth model (DenseNet-169/121 encoder), a DeepLab v2 model (atrous ResNet-101/50"
          + " with ASPP) or a baseline with SameDiff; --head sid|ud turns depth regression into"
          + " per-pixel classification over K depth bins.",
      "Writes a checkpoint every --checkpoint-every steps and after each epoch; validates after"
          + " each epoch; --resume continues a run where its checkpoint left off."
    })
public final class TrainCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin ModelOptions model;

  @Mixin TrainingDataOptions data;

  @Mixin OptimiserOptions optimiser;

  @Mixin CheckpointOptions checkpoints;

  /** Images per step of a new run that does not say. */
  static final int DEFAULT_BATCH_SIZE = 4;

  @Option(
      names = "--batch-size",
      description =
          "Images per step (default: "
              + DEFAULT_BATCH_SIZE
              + "; with --resume, the checkpoint's, and no other).")
  Integer batchSize;

  @Option(
      names = "--epochs",
      defaultValue = "20",
      description = "Passes over the training data (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(
      names = "--max-steps",
      defaultValue = "0",
      description = "Stop after this many steps in total; 0 = no limit.")
  long maxSteps;

  @Option(
      names = "--crop",
      defaultValue = "none",
      converter = OptionValues.CropValue.class,
      description = "Validation crop: none, eigen or garg (default: ${DEFAULT-VALUE}).")
  Crop crop;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description = "CPU threads for ND4J; 0 = all cores.")
  int threads;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed for initialisation, shuffling, augmentation and synthetic data.")
  long seed;

  @Option(
      names = "--skip-memory-check",
      description = "Start even when the memory estimate says the run will not fit.")
  boolean skipMemoryCheck;

  @Override
  public Integer call() throws Exception {
    if (threads > 0) {
      Nd4j.getEnvironment().setMaxMasterThreads(threads);
      Nd4j.getEnvironment().setMaxThreads(threads);
    }
    Checkpoint resumed = checkpoints.resumed();
    ModelConfig config = resumed != null ? resumed.config() : model.config();
    TrainingLoss loss = model.loss(resumed, config);
    TrainingObjective.of(config, loss); // refuses a loss that does not fit the head, up front
    int batch = batchSize(resumed);
    MemoryEstimate estimate = MemoryEstimate.training(config, batch);
    if (!skipMemoryCheck) {
      estimate.requireFits(config, batch, MemoryEstimate.availableBytes());
    }
    AdamOptimizer adam = optimiser.optimiser(resumed, config);
    ModelParameters params = model.startingParameters(config, resumed, seed);
    EvaluationProtocol protocol = new EvaluationProtocol(1e-3, config.maxDepth(), crop);

    DepthDataset all = data.open(config, seed, threads);
    try {
      ValidationSplit split = ValidationSplit.of(all, data.valFraction, seed);
      Trainer trainer = new Trainer(config, params, loss, adam, model.bnMomentum);
      train(config, loss, trainer, split, all, resumed, batch, estimate, protocol);
    } finally {
      if (all instanceof AutoCloseable c) {
        c.close();
      }
    }
    Path checkpointFile = checkpoints.file(config);
    System.out.printf(
        "checkpoint: %s (export with ./depthstream export --checkpoint %s)%n",
        checkpointFile, checkpointFile);
    return 0;
  }

  /** The epochs themselves: batches of the split, validation after each, checkpoints. */
  private void train(
      ModelConfig config,
      TrainingLoss loss,
      Trainer trainer,
      ValidationSplit split,
      DepthDataset all,
      Checkpoint resumed,
      int batch,
      MemoryEstimate estimate,
      EvaluationProtocol protocol) {
    InputSize size = InputSize.of(config);
    try (DatasetBatchSource train =
            new DatasetBatchSource(
                split.train(), size, batch, data.augmentation(seed), data.target, true, seed);
        DatasetBatchSource validation =
            new DatasetBatchSource(
                split.validation(), size, batch, DepthAugmentation.none(), false, seed)) {
      if (resumed == null && !model.startsFromTrainedWeights()) {
        // a separate, unshuffled look at the training data, so epoch 0's order stays untouched
        try (DatasetBatchSource peek =
            new DatasetBatchSource(
                split.train(), size, batch, DepthAugmentation.none(), false, seed)) {
          trainer.startAtMeanDepth(peek.next());
        }
      }
      System.out.printf(
          "training %s (%,d parameters) on %s: %d train / %d validation images, %dx%d, batch %d,"
              + " loss %s, %s lr %s, about %.1f GiB%n",
          config.head().isClassification() ? config.id() + " (" + config.bins() + ")" : config.id(),
          config.network().parameterCount(),
          all.name(),
          split.train().size(),
          split.validation().size(),
          config.width(),
          config.height(),
          batch,
          loss,
          trainer.optimiser().kind().id(),
          trainer.optimiser().schedule(),
          estimate.totalBytes() / (double) (1L << 30));
      TrainingOptions options =
          new TrainingOptions(
              epochs,
              batch,
              maxSteps,
              checkpoints.checkpointEvery,
              checkpoints.file(config),
              protocol,
              data.describe(all),
              commandLine());
      TrainingRun run = new TrainingRun(trainer, options, System.err, TrainCommand::printEpoch);
      run.run(
          train,
          validation,
          resumed != null ? resumed.epoch() : 0,
          resumed != null ? resumed.batchInEpoch() : 0,
          resumed != null ? resumed.trainingSeconds() : 0);
    }
  }

  /**
   * --batch-size, else a resumed run's own, else {@value #DEFAULT_BATCH_SIZE}. A resumed run must
   * keep its batch size: its place in the epoch is counted in its batches, and its rate was tuned
   * for them.
   */
  private int batchSize(Checkpoint resumed) {
    int recorded = resumed != null ? resumed.batchSize() : 0;
    if (batchSize == null) {
      if (resumed != null && recorded == 0) {
        System.out.printf(
            "the checkpoint does not record its batch size (written before it did): batches of %d;"
                + " pass --batch-size if it trained with another%n",
            DEFAULT_BATCH_SIZE);
      }
      return recorded > 0 ? recorded : DEFAULT_BATCH_SIZE;
    }
    if (batchSize <= 0) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    if (recorded > 0 && batchSize != recorded) {
      throw new IllegalArgumentException(
          "--batch-size "
              + batchSize
              + ": the checkpoint trained with batches of "
              + recorded
              + " and counts its place in the epoch in them; drop --batch-size to go on with "
              + recorded);
    }
    return batchSize;
  }

  private static void printEpoch(EpochResult r) {
    System.out.printf(
        Locale.ROOT,
        "epoch %d  steps %d  train loss %.4f  val loss %.4f  delta1 %.3f  abs_rel %.3f  rmse %.3f  (%.0f s)%n",
        r.epoch() + 1,
        r.steps(),
        r.trainLoss(),
        r.validation().loss(),
        r.validation().metrics().delta1(),
        r.validation().metrics().absRel(),
        r.validation().metrics().rmse(),
        r.seconds());
  }

  private String commandLine() {
    // originalArgs already starts with the subcommand name
    return "./depthstream " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }
}
