package io.depthstream.trainer;

import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.trainer.data.DatasetBatchSource;
import io.depthstream.trainer.data.DepthAugmentation;
import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.InputSize;
import io.depthstream.trainer.data.InterleavedDataset;
import io.depthstream.trainer.data.KittiDepthDataset;
import io.depthstream.trainer.data.NyuCsvDataset;
import io.depthstream.trainer.data.NyuSplit;
import io.depthstream.trainer.data.RenderedScenes;
import io.depthstream.trainer.data.TrainingTarget;
import io.depthstream.trainer.data.ValidationSplit;
import io.depthstream.trainer.keras.KerasWeightFile;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.DenseNetEncoder;
import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.train.AdamOptimizer;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.EpochResult;
import io.depthstream.trainer.train.LearningRateSchedule;
import io.depthstream.trainer.train.LossKind;
import io.depthstream.trainer.train.MemoryEstimate;
import io.depthstream.trainer.train.OptimizerKind;
import io.depthstream.trainer.train.PretrainedEncoder;
import io.depthstream.trainer.train.Trainer;
import io.depthstream.trainer.train.TrainingObjective;
import io.depthstream.trainer.train.TrainingOptions;
import io.depthstream.trainer.train.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine.Command;
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

  /** Data sets the command can read. */
  enum DatasetKind {
    SYNTH_INDOOR,
    SYNTH_STREET,
    SYNTH_MIXED,
    NYU,
    KITTI
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "densedepth-169",
      description =
          "densedepth-169, densedepth-121, densedepth-mini, densedepth-tiny, deeplab-resnet101,"
              + " deeplab-resnet50, deeplab-resnet101-os16, deeplab-resnet50-os16, deeplab-tiny,"
              + " baseline-conv or baseline-bn (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--head",
      description =
          "regression (one channel, maxDepth/d), sid (K bins spaced evenly in log depth, DORN) or"
              + " ud (K bins spaced evenly in depth); bins span [max-depth/100, max-depth]."
              + " Classification needs a DenseDepth or DeepLab model. Default: sid for DeepLab,"
              + " regression for the others.")
  String head;

  @Option(
      names = "--bins",
      defaultValue = "71",
      description = "K, the depth bins of a sid or ud head (default: ${DEFAULT-VALUE}, as DORN).")
  int bins;

  @Option(
      names = "--decoder-width",
      defaultValue = "0",
      description =
          "DenseDepth decoder width F; 0 = encoder channels as in the paper (1664 for 169).")
  int decoderWidth;

  @Option(
      names = "--width",
      defaultValue = "0",
      description = "Input width; 0 = model default (640 DenseDepth, 256 baselines).")
  int width;

  @Option(
      names = "--height",
      defaultValue = "0",
      description = "Input height; 0 = model default (480 DenseDepth, 256 baselines).")
  int height;

  @Option(
      names = "--max-depth",
      defaultValue = "10",
      description =
          "Metres the output spans (maxDepth/d clipped to [max/100, max], or the bins' range);"
              + " 10 NYU, 80 KITTI; classification ignores ground truth beyond it.")
  double maxDepth;

  @Option(
      names = "--dataset",
      defaultValue = "synth-indoor",
      description =
          "synth-indoor, synth-street, synth-mixed (both kinds, alternating), nyu or kitti"
              + " (default: ${DEFAULT-VALUE}).")
  String dataset;

  @Option(
      names = "--data",
      description =
          "NYU: DenseDepth's nyu_data.zip or its unpacked folder; KITTI: the raw-data root.")
  Path data;

  @Option(
      names = "--kitti-depth",
      description = "KITTI: root of the depth-completion annotations (data_depth_annotated).")
  Path kittiDepth;

  @Option(
      names = "--synth-frames",
      defaultValue = "400",
      description = "Synthetic data: frames to render (default: ${DEFAULT-VALUE}).")
  int synthFrames;

  @Option(
      names = "--val-fraction",
      defaultValue = "0.05",
      description = "Share of the data held out for validation (default: ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(names = "--no-augment", description = "Turn off flip and channel-swap augmentation.")
  boolean noAugment;

  @Option(
      names = "--target",
      defaultValue = "masked",
      description =
          "Training depth where ground truth has holes (sparse LiDAR): masked (only measured"
              + " pixels count in the loss) or densified (holes filled from the colour image by"
              + " Levin et al.'s colorization, as DenseDepth prepared KITTI). Validation always"
              + " scores measured depth. A data option: repeat it with --resume (default:"
              + " ${DEFAULT-VALUE}).")
  String target;

  @Option(
      names = "--batch-size",
      defaultValue = "4",
      description = "Images per step (default: ${DEFAULT-VALUE}).")
  int batchSize;

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
      names = "--lr-decay",
      defaultValue = "0.1",
      description = "Factor of each --lr-decay-at drop (default: ${DEFAULT-VALUE}).")
  double lrDecay;

  @Option(
      names = "--optimizer",
      description =
          "adam or amsgrad; default: the model's own (amsgrad for DenseDepth models, as DenseDepth"
              + " trains; adam for DeepLab and the baselines). A resumed run keeps its checkpoint's.")
  String optimizer;

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

  @Option(
      names = "--loss",
      description =
          "densedepth, l1-ssim, l1, silog or cross-entropy; default: the model's own (densedepth;"
              + " l1-ssim for baseline-conv; l1 for baseline-bn; cross-entropy for --head sid|ud).")
  String loss;

  @Option(
      names = "--bn-momentum",
      defaultValue = "0.9",
      description =
          "Weight of the old value in BN running-statistics updates (default: ${DEFAULT-VALUE}; Keras uses 0.99).")
  double bnMomentum;

  @Option(
      names = "--encoder-weights",
      description =
          "Keras HDF5 ImageNet weights for the DenseNet encoder (DenseNet169(include_top=False).save_weights).")
  Path encoderWeights;

  @Option(
      names = "--checkpoint",
      description = "Checkpoint file (default: checkpoints/<model>.ckpt).")
  Path checkpoint;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "500",
      description =
          "Steps between checkpoints; 0 = only after each epoch (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(
      names = "--resume",
      description =
          "Continue from this checkpoint (model, optimiser and position); data options must match.")
  Path resume;

  @Option(
      names = "--crop",
      defaultValue = "none",
      description = "Validation crop: none, eigen or garg (default: ${DEFAULT-VALUE}).")
  String crop;

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
    Checkpoint resumed = resume == null ? null : Checkpoint.read(resume);
    ModelConfig config = resumed != null ? resumed.config() : modelConfig();
    LossKind lossKind =
        resumed != null
            ? resumed.loss()
            : loss != null ? LossKind.fromId(loss) : LossKind.defaultFor(config);
    TrainingObjective.of(config, lossKind); // refuses a loss that does not fit the head, up front
    if (batchSize <= 0) {
      throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
    }
    TrainingTarget trainingTarget = TrainingTarget.fromId(target);
    MemoryEstimate estimate = MemoryEstimate.training(config, batchSize);
    if (!skipMemoryCheck) {
      estimate.requireFits(config, batchSize, MemoryEstimate.availableBytes());
    }

    ModelParameters params;
    LearningRateSchedule schedule =
        resumed != null
            ? resumed.learningRate().resumedAt(resumed.step(), lrDecayAt, lrDecay)
            : new LearningRateSchedule(learningRate, lrDecayAt, lrDecay);
    AdamOptimizer adam =
        new AdamOptimizer(optimizerKind(resumed, config), schedule, beta1, beta2, 1e-7);
    if (resumed != null) {
      params = resumed.parameters();
      adam.restore(resumed.optimiserState(), resumed.step());
    } else {
      params = ModelParameters.initialise(config.network(), DataType.FLOAT, seed);
      if (encoderWeights != null) {
        DenseNetEncoder encoder = config.architecture().denseNet();
        if (encoder == null) {
          throw new IllegalArgumentException(
              "--encoder-weights needs a DenseDepth model, not " + config.architecture().id());
        }
        int n = PretrainedEncoder.load(KerasWeightFile.read(encoderWeights), encoder, params);
        System.out.printf("loaded %d encoder tensors from %s%n", n, encoderWeights);
      }
    }
    Path checkpointFile =
        checkpoint != null ? checkpoint : Path.of("checkpoints", config.id() + ".ckpt");
    EvaluationProtocol protocol =
        new EvaluationProtocol(
            1e-3, config.maxDepth(), Crop.valueOf(crop.toUpperCase(Locale.ROOT)));

    DepthDataset all = openDataset(config);
    ValidationSplit split = ValidationSplit.of(all, valFraction, seed);
    InputSize size = new InputSize(config.width(), config.height());
    DepthAugmentation augmentation =
        noAugment ? DepthAugmentation.none() : DepthAugmentation.denseDepth(seed);
    try (DatasetBatchSource train =
            new DatasetBatchSource(
                split.train(), size, batchSize, augmentation, trainingTarget, true, seed);
        DatasetBatchSource validation =
            new DatasetBatchSource(
                split.validation(), size, batchSize, DepthAugmentation.none(), false, seed)) {
      Trainer trainer = new Trainer(config, params, lossKind, adam, bnMomentum);
      if (resumed == null && encoderWeights == null) {
        // a separate, unshuffled look at the training data, so epoch 0's order stays untouched
        try (DatasetBatchSource peek =
            new DatasetBatchSource(
                split.train(), size, batchSize, DepthAugmentation.none(), false, seed)) {
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
          batchSize,
          lossKind.id(),
          adam.kind().id(),
          schedule,
          estimate.totalBytes() / (double) (1L << 30));
      TrainingOptions options =
          new TrainingOptions(
              epochs,
              maxSteps,
              checkpointEvery,
              checkpointFile,
              protocol,
              trainingTarget == TrainingTarget.MASKED
                  ? all.name()
                  : all.name() + ", " + trainingTarget.id() + " targets",
              commandLine());
      TrainingRun run = new TrainingRun(trainer, options, System.err, TrainCommand::printEpoch);
      run.run(
          train,
          validation,
          resumed != null ? resumed.epoch() : 0,
          resumed != null ? resumed.batchInEpoch() : 0,
          resumed != null ? resumed.trainingSeconds() : 0);
    } finally {
      if (all instanceof AutoCloseable c) {
        c.close();
      }
    }
    System.out.printf(
        "checkpoint: %s (export with ./depthstream export --checkpoint %s)%n",
        checkpointFile, checkpointFile);
    return 0;
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

  /** The checkpoint's optimiser when resuming, else --optimizer or the architecture's own. */
  private OptimizerKind optimizerKind(Checkpoint resumed, ModelConfig config) {
    OptimizerKind asked = optimizer == null ? null : OptimizerKind.fromId(optimizer);
    if (resumed == null) {
      return asked != null ? asked : OptimizerKind.defaultFor(config.architecture());
    }
    if (asked != null && asked != resumed.optimizer()) {
      throw new IllegalArgumentException(
          "--optimizer "
              + asked.id()
              + " cannot continue a run trained with "
              + resumed.optimizer().id()
              + " (its saved moments belong to that one); drop --optimizer to resume, or start"
              + " afresh without --resume");
    }
    return resumed.optimizer();
  }

  private ModelConfig modelConfig() {
    Architecture a = Architecture.fromId(model);
    return new ModelConfig(
        a,
        decoderWidth,
        height > 0 ? height : a.defaultHeight(),
        width > 0 ? width : a.defaultWidth(),
        maxDepth,
        head != null ? DepthHead.of(head, bins) : a.defaultHead(bins));
  }

  private DepthDataset openDataset(ModelConfig config) {
    DatasetKind kind =
        DatasetKind.valueOf(dataset.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    return switch (kind) {
      case SYNTH_INDOOR -> syntheticScenes(SceneKind.INDOOR, synthFrames, config);
      case SYNTH_STREET -> syntheticScenes(SceneKind.STREET, synthFrames, config);
      case SYNTH_MIXED ->
          new InterleavedDataset(
              String.format(
                  Locale.ROOT,
                  "synth-mixed (%d indoor + %d street frames, training rooms of seed %d, %dx%d)",
                  synthFrames / 2,
                  synthFrames / 2,
                  seed,
                  config.width(),
                  config.height()),
              List.of(
                  syntheticScenes(SceneKind.INDOOR, synthFrames / 2, config),
                  syntheticScenes(SceneKind.STREET, synthFrames / 2, config)));
      case NYU -> NyuCsvDataset.open(requireData("nyu"), NyuSplit.TRAIN);
      case KITTI -> {
        if (kittiDepth == null) {
          throw new IllegalArgumentException(
              "--dataset kitti needs --kitti-depth <data_depth_annotated root>");
        }
        yield KittiDepthDataset.open(requireData("kitti"), kittiDepth);
      }
    };
  }

  /**
   * Synthetic frames spread over many rooms or streets of the training seed family (see {@link
   * RenderedScenes}): a single world is one room, and a model trained on it learns that room.
   */
  private DepthDataset syntheticScenes(SceneKind kind, int count, ModelConfig config) {
    System.out.printf(
        Locale.ROOT, "rendering %d synthetic %s frames…%n", count, kind.name().toLowerCase());
    return RenderedScenes.render(
        kind,
        RenderedScenes.Role.TRAIN,
        seed,
        count,
        config.width(),
        config.height(),
        threads > 0 ? threads : Runtime.getRuntime().availableProcessors());
  }

  private Path requireData(String kind) {
    if (data == null) {
      throw new IllegalArgumentException(
          "--dataset " + kind + " needs --data <path to the data set>");
    }
    return data;
  }

  private String commandLine() {
    // originalArgs already starts with the subcommand name
    return "./depthstream " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
  }
}
