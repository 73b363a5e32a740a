package io.depthstream.trainer.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The models the trainer can build, by the id used on the command line and in bundles. */
public enum Architecture {
  DENSEDEPTH_169("densedepth-169", "densenet169", 480, 640),
  DENSEDEPTH_121("densedepth-121", "densenet121", 480, 640),
  /**
   * DenseDepth on DenseNet-mini (blocks 3/6/12/8, growth 16): trains on a CPU, runs at video rate.
   */
  DENSEDEPTH_MINI("densedepth-mini", "densenet-mini", 96, 128),
  /** DenseDepth on a tiny DenseNet (blocks 2/2/2/2, growth 8) for tests and smoke runs. */
  DENSEDEPTH_TINY("densedepth-tiny", "densenet-tiny", 64, 64),
  /** Seed baseline (a): 3 convs + 3 transposed convs, trained with L1 + SSIM. */
  BASELINE_CONV("baseline-conv", "plain-cnn", 256, 256),
  /**
   * Seed baseline (b): convs with batch norm and max-pooling, transposed convs, trained with L1.
   */
  BASELINE_BN("baseline-bn", "bn-cnn", 256, 256),
  /** DeepLab v2: atrous ResNet-101 at output stride 8 with an ASPP head (rates 6/12/18/24). */
  DEEPLAB_RESNET101("deeplab-resnet101", "resnet101", 480, 640),
  /** DeepLab v2's head on ResNet-50, output stride 8. */
  DEEPLAB_RESNET50("deeplab-resnet50", "resnet50", 480, 640),
  /** DeepLab v2 on ResNet-101 at output stride 16 (conv5 dilated only): about 3× cheaper. */
  DEEPLAB_RESNET101_OS16("deeplab-resnet101-os16", "resnet101", 480, 640),
  /** ResNet-50 at output stride 16. */
  DEEPLAB_RESNET50_OS16("deeplab-resnet50-os16", "resnet50", 480, 640),
  /**
   * DeepLab on a tiny ResNet (one bottleneck per stage, widths 8..64) with ASPP rates 1/2/3/4,
   * DeepLab's rates scaled down to its 8×8 feature map at 64×64 input; for tests and smoke runs.
   */
  DEEPLAB_TINY("deeplab-tiny", "resnet-tiny", 64, 64);

  private final String id;
  private final String encoder;
  private final int defaultHeight;
  private final int defaultWidth;

  Architecture(String id, String encoder, int defaultHeight, int defaultWidth) {
    this.id = id;
    this.encoder = encoder;
    this.defaultHeight = defaultHeight;
    this.defaultWidth = defaultWidth;
  }

  public String id() {
    return id;
  }

  /** Encoder name as written into model bundles. */
  public String encoder() {
    return encoder;
  }

  public int defaultHeight() {
    return defaultHeight;
  }

  public int defaultWidth() {
    return defaultWidth;
  }

  /** The DenseNet encoder, or null for the baselines. */
  public DenseNetEncoder denseNet() {
    return switch (this) {
      case DENSEDEPTH_169 -> DenseNetEncoder.denseNet169();
      case DENSEDEPTH_121 -> DenseNetEncoder.denseNet121();
      case DENSEDEPTH_MINI -> DenseNetEncoder.mini();
      case DENSEDEPTH_TINY -> DenseNetEncoder.tiny();
      default -> null;
    };
  }

  /** The atrous ResNet encoder of a DeepLab model, or null for every other architecture. */
  public ResNetEncoder resNet() {
    return switch (this) {
      case DEEPLAB_RESNET101 -> ResNetEncoder.resNet101(8);
      case DEEPLAB_RESNET50 -> ResNetEncoder.resNet50(8);
      case DEEPLAB_RESNET101_OS16 -> ResNetEncoder.resNet101(16);
      case DEEPLAB_RESNET50_OS16 -> ResNetEncoder.resNet50(16);
      case DEEPLAB_TINY -> ResNetEncoder.tiny();
      default -> null;
    };
  }

  /**
   * The head a model gets when none is asked for: DeepLab models classify into {@code bins} SID
   * bins (DORN's setup, the reason they are here), every other model regresses depth.
   */
  public DepthHead defaultHead(int bins) {
    return resNet() != null ? DepthHead.sid(bins) : DepthHead.regression();
  }

  /** True for the seed baselines, whose one-channel output cannot become a classification head. */
  public boolean isBaseline() {
    return this == BASELINE_CONV || this == BASELINE_BN;
  }

  /** Decoder width F the paper uses: the encoder's output channels; 0 for the others. */
  public int defaultDecoderWidth() {
    DenseNetEncoder e = denseNet();
    return e == null ? 0 : e.outputChannels();
  }

  /** The regression network, with decoder width {@code decoderWidth} (0 = the default). */
  public Network network(int decoderWidth) {
    return network(decoderWidth, DepthHead.regression());
  }

  /**
   * The network with {@code head}'s output channels; {@code decoderWidth} (0 = the default) applies
   * to DenseDepth only.
   *
   * @throws IllegalArgumentException for a classification head on a baseline
   */
  public Network network(int decoderWidth, DepthHead head) {
    return network(decoderWidth, head, 0);
  }

  /**
   * The network with {@code head}'s output channels; {@code decoderWidth} (0 = the default) and
   * {@code refineWidth} (0 = none: output at half the input resolution, as the paper) apply to
   * DenseDepth only.
   *
   * @throws IllegalArgumentException for a classification head on a baseline, or a refinement stage
   *     on anything but DenseDepth
   */
  public Network network(int decoderWidth, DepthHead head, int refineWidth) {
    if (refineWidth != 0 && denseNet() == null) {
      throw new IllegalArgumentException(
          "--refine-width adds a stage to DenseDepth's decoder; "
              + id
              + " has none (use a densedepth-* model, or drop --refine-width)");
    }
    if (isBaseline() && head.isClassification()) {
      throw new IllegalArgumentException(
          "--head "
              + head.kind().id()
              + " needs a DenseDepth or DeepLab model; "
              + id
              + " has a fixed one-channel regression output (use --head regression)");
    }
    ResNetEncoder resNet = resNet();
    if (resNet != null) {
      AsppHead aspp =
          this == DEEPLAB_TINY ? new AsppHead(new int[] {1, 2, 3, 4}) : AsppHead.deepLabV2();
      return aspp.network(id, resNet, head.channels());
    }
    return switch (this) {
      case BASELINE_CONV -> Baselines.plainEncoderDecoder();
      case BASELINE_BN -> Baselines.batchNormCnn();
      default ->
          new DenseDepthDecoder(
                  decoderWidth > 0 ? decoderWidth : defaultDecoderWidth(), refineWidth)
              .network(denseNet(), head.channels());
    };
  }

  /** Looks up an architecture by id, e.g. "densedepth-169". */
  public static Architecture fromId(String id) {
    String wanted = id.trim().toLowerCase(Locale.ROOT);
    for (Architecture a : values()) {
      if (a.id.equals(wanted)) {
        return a;
      }
    }
    throw new IllegalArgumentException(
        "unknown model '"
            + id
            + "'; choose one of "
            + Arrays.stream(values()).map(Architecture::id).collect(Collectors.joining(", ")));
  }
}
