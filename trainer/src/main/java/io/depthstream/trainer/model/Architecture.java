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
  BASELINE_BN("baseline-bn", "bn-cnn", 256, 256);

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

  /** Decoder width F the paper uses: the encoder's output channels; 0 for the baselines. */
  public int defaultDecoderWidth() {
    DenseNetEncoder e = denseNet();
    return e == null ? 0 : e.outputChannels();
  }

  /** The network, with decoder width {@code decoderWidth} (0 = the default). */
  public Network network(int decoderWidth) {
    return switch (this) {
      case BASELINE_CONV -> Baselines.plainEncoderDecoder();
      case BASELINE_BN -> Baselines.batchNormCnn();
      default ->
          new DenseDepthDecoder(decoderWidth > 0 ? decoderWidth : defaultDecoderWidth())
              .network(denseNet());
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
