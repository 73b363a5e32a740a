package io.depthstream.trainer;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.trainer.export.BundleWeights;
import io.depthstream.trainer.keras.KerasWeightFile;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.DenseDepthDecoder;
import io.depthstream.trainer.model.DenseNetEncoder;
import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.TensorShape;
import io.depthstream.trainer.model.Widening;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.DepthLoss;
import io.depthstream.trainer.train.LossKind;
import io.depthstream.trainer.train.PretrainedEncoder;
import io.depthstream.trainer.train.TrainingLoss;
import java.io.IOException;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Option;

/**
 * {@code train}'s model options: architecture, head, input size, range, loss, BN updates and the
 * weights a new run starts from.
 */
final class ModelOptions {

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
      names = "--refine-width",
      paramLabel = "C",
      defaultValue = "0",
      description =
          "DenseDepth only: add a refinement stage of C channels that predicts at the full input"
              + " resolution (DenseDepth's half-resolution output enlarged 2x plus a residual read"
              + " from the input image, so depth edges can follow colour edges); 0 = none, the"
              + " paper's output at half the input (default: ${DEFAULT-VALUE}). The stage learns at"
              + " 20x --lr. With --init-from a bundle without the stage, the stage starts as plain"
              + " enlargement of the bundle's prediction.")
  int refineWidth;

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
      names = "--loss",
      description =
          "densedepth, densedepth-silog (DenseDepth's plus 10·silog, which weighs far pixels as"
              + " near ones), densedepth-silog-metric (that plus 100·mean((d − d*)/max)², the"
              + " squared metric error rmse counts), l1-ssim, l1, silog or cross-entropy; default:"
              + " the model's own (densedepth;"
              + " l1-ssim for baseline-conv; l1 for baseline-bn; cross-entropy for --head sid|ud).")
  String loss;

  @Option(
      names = "--metric-weight",
      paramLabel = "W",
      description =
          "Weight of the squared metric error in --loss densedepth-silog-metric (default: "
              + DepthLoss.METRIC_WEIGHT
              + "). Its pull on a pixel grows with the square of its depth, so a larger weight"
              + " spends more of the network on the far street, where rmse comes from, and less on"
              + " near pixels and rooms.")
  Double metricWeight;

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
      names = "--init-from",
      paramLabel = "BUNDLE",
      description =
          "Start from an exported bundle's weights (all of them, batch-norm statistics included)"
              + " instead of random ones, to fine-tune a trained model on other data or at another"
              + " --width/--height (the networks are fully convolutional). --model, --head and"
              + " --max-depth must be the bundle's; --decoder-width may be the bundle's or wider,"
              + " which widens the decoder without changing what it computes (see --widen). The"
              + " optimiser, step count and schedule start afresh.")
  Path initFrom;

  @Option(
      names = "--widen",
      paramLabel = "FORM",
      defaultValue = "copy",
      description =
          "How --init-from widens a bundle's decoder when --decoder-width is wider: copy (each new"
              + " channel copies an old one and shares its outgoing weights, so it takes part at"
              + " once) or zero (new channels start fresh with zero weights into the old ones, and"
              + " join only as fast as training moves those zeros). Either way the wider model"
              + " starts out predicting exactly what the bundle predicts. Default: ${DEFAULT-VALUE}.")
  String widen;

  /** The configuration of a new model from these options. */
  ModelConfig config() {
    Architecture a = Architecture.fromId(model);
    return new ModelConfig(
        a,
        decoderWidth,
        height > 0 ? height : a.defaultHeight(),
        width > 0 ? width : a.defaultWidth(),
        maxDepth,
        head != null ? DepthHead.of(head, bins) : a.defaultHead(bins),
        refineWidth);
  }

  /**
   * The checkpoint's loss when resuming, else --loss (or the model's own) with --metric-weight.
   *
   * @throws IllegalArgumentException when a resumed run asks for another metric weight than its
   *     checkpoint's, or --metric-weight comes with a loss that has no metric term
   */
  TrainingLoss loss(Checkpoint resumed, ModelConfig config) {
    if (resumed != null) {
      return resumed.loss().resumedWith(metricWeight);
    }
    LossKind kind = loss != null ? LossKind.fromId(loss) : LossKind.defaultFor(config);
    return metricWeight == null ? TrainingLoss.of(kind) : new TrainingLoss(kind, metricWeight);
  }

  /** Loads --encoder-weights, if given, into a new DenseDepth model's encoder. */
  private void loadEncoderWeights(ModelConfig config, ModelParameters params) throws IOException {
    if (encoderWeights == null) {
      return;
    }
    DenseNetEncoder encoder = config.architecture().denseNet();
    if (encoder == null) {
      throw new IllegalArgumentException(
          "--encoder-weights needs a DenseDepth model, not " + config.architecture().id());
    }
    int n = PretrainedEncoder.load(KerasWeightFile.read(encoderWeights), encoder, params);
    System.out.printf("loaded %d encoder tensors from %s%n", n, encoderWeights);
  }

  /**
   * The parameters a run starts from: a resumed run's own; else all of them from --init-from's
   * bundle; else initialised from {@code seed}, with the encoder's from --encoder-weights if given.
   */
  ModelParameters startingParameters(ModelConfig config, Checkpoint resumed, long seed)
      throws IOException {
    if (resumed != null) {
      if (initFrom != null) {
        throw new IllegalArgumentException(
            "--resume continues from the checkpoint's own weights: drop --init-from");
      }
      return resumed.parameters();
    }
    if (initFrom != null) {
      if (encoderWeights != null) {
        throw new IllegalArgumentException(
            "--init-from already sets every weight, the encoder's too: drop --encoder-weights");
      }
      ModelBundle bundle = ModelBundle.load(initFrom);
      Widening.Form form = Widening.Form.fromId(widen);
      BundleWeights.Loaded loaded = BundleWeights.loadWidened(bundle, config, form, seed);
      ModelParameters params = loaded.parameters();
      System.out.printf(
          "starting from %s: %d tensors (%s)%n",
          bundle.label(), params.asMap().size(), bundle.directory());
      if (loaded.widened()) {
        System.out.printf(
            "widened its decoder from %d to %d channels (--widen %s): %s, so the run starts from"
                + " the bundle's own predictions%n",
            loaded.fromWidth(),
            loaded.toWidth(),
            form.id(),
            form == Widening.Form.COPY
                ? "each new channel copies an old one and shares its outgoing weights"
                : "the new channels feed nothing the old ones read until training moves their"
                    + " zero weights");
      }
      if (loaded.refinementAdded()) {
        TensorShape before = config.withoutRefinement().outputShape();
        TensorShape after = config.outputShape();
        System.out.printf(
            "added a refinement stage of %d channels: the output is now at %dx%d, and starts as"
                + " the bundle's %dx%d prediction enlarged bilinearly; the stage learns at %sx"
                + " --lr%n",
            config.refineWidth(),
            after.width(),
            after.height(),
            before.width(),
            before.height(),
            DenseDepthDecoder.REFINE_RATE_SCALE);
      }
      return params;
    }
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, seed);
    loadEncoderWeights(config, params);
    return params;
  }

  /** Whether the run starts from trained weights rather than random ones. */
  boolean startsFromTrainedWeights() {
    return encoderWeights != null || initFrom != null;
  }
}
