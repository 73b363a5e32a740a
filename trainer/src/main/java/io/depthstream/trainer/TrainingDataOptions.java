package io.depthstream.trainer;

import io.depthstream.core.synth.SceneKind;
import io.depthstream.trainer.data.DepthAugmentation;
import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.InputSize;
import io.depthstream.trainer.data.InterleavedDataset;
import io.depthstream.trainer.data.KittiDepthDataset;
import io.depthstream.trainer.data.NyuCsvDataset;
import io.depthstream.trainer.data.NyuSplit;
import io.depthstream.trainer.data.RenderedScenes;
import io.depthstream.trainer.data.TrainingTarget;
import io.depthstream.trainer.model.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code train}'s data options: which data set, how much of it validates, what training sees. */
final class TrainingDataOptions {

  /** Data sets the command can read, by their option values (synth-indoor = SYNTH_INDOOR). */
  enum DatasetKind {
    SYNTH_INDOOR,
    SYNTH_STREET,
    SYNTH_MIXED,
    NYU,
    KITTI
  }

  @Option(
      names = "--dataset",
      converter = OptionValues.Dataset.class,
      defaultValue = "synth-indoor",
      description =
          "synth-indoor, synth-street, synth-mixed (both kinds in turn, --synth-mix), nyu or kitti"
              + " (default: ${DEFAULT-VALUE}).")
  DatasetKind dataset;

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

  /**
   * Share of the Java heap that rendered synthetic frames may fill; the rest holds the batches in
   * flight, the validation split's copies and the JVM's own.
   */
  static final double FRAMES_HEAP_SHARE = 0.6;

  /** Beyond 4 the rendered frames (16× the pixels) cost more memory than they gain. */
  static final int MAX_SUPERSAMPLE = 4;

  @Option(
      names = "--synth-supersample",
      defaultValue = "1",
      description =
          "Synthetic data: render each frame at K times the input size in each direction (1-4)"
              + " and shrink it to the input by the serving resize (area averaging), so the model"
              + " trains on anti-aliased pixels as a camera's larger frame gives it; 1 renders at"
              + " the input size, one ray per pixel. A data option: repeat it with --resume"
              + " (default: ${DEFAULT-VALUE}).")
  int synthSupersample;

  @Option(
      names = "--synth-mix",
      converter = OptionValues.Mix.class,
      defaultValue = "1:1",
      paramLabel = "ROOMS:STREETS",
      description =
          "synth-mixed: rooms and streets in this ratio (whole numbers 1-"
              + SynthMix.MAX_WEIGHT
              + "), in the frames rendered and in every stretch of training, e.g. 1:3 to spend"
              + " three quarters of a run on streets. A data option: repeat it with --resume"
              + " (default: ${DEFAULT-VALUE}).")
  SynthMix synthMix = SynthMix.EVEN;

  @Option(
      names = "--val-fraction",
      defaultValue = "0.05",
      description = "Share of the data held out for validation (default: ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(names = "--no-augment", description = "Turn off flip and channel-swap augmentation.")
  boolean noAugment;

  @Option(
      names = "--target",
      converter = OptionValues.Target.class,
      defaultValue = "masked",
      description =
          "Training depth where ground truth has holes (sparse LiDAR): masked (only measured"
              + " pixels count in the loss) or densified (holes filled from the colour image by"
              + " Levin et al.'s colorization, as DenseDepth prepared KITTI). Validation always"
              + " scores measured depth. A data option: repeat it with --resume (default:"
              + " ${DEFAULT-VALUE}).")
  TrainingTarget target;

  /** Flip and channel swap as DenseDepth, unless --no-augment. */
  DepthAugmentation augmentation(long seed) {
    return noAugment ? DepthAugmentation.none() : DepthAugmentation.denseDepth(seed);
  }

  /**
   * The training data at the model's input size.
   *
   * @param seed seeds the synthetic worlds
   * @param threads render threads for synthetic data; 0 = every core
   */
  DepthDataset open(ModelConfig config, long seed, int threads) {
    if (dataset != DatasetKind.NYU && dataset != DatasetKind.KITTI) {
      requireFramesFit(synthFrames, InputSize.of(config), Runtime.getRuntime().maxMemory());
    }
    return switch (dataset) {
      case SYNTH_INDOOR -> syntheticScenes(SceneKind.INDOOR, synthFrames, config, seed, threads);
      case SYNTH_STREET -> syntheticScenes(SceneKind.STREET, synthFrames, config, seed, threads);
      case SYNTH_MIXED -> {
        int rooms = synthMix.rooms(synthFrames);
        int streets = synthMix.streets(synthFrames);
        yield new InterleavedDataset(
            String.format(
                Locale.ROOT,
                "synth-mixed (%d indoor + %d street frames%s, training rooms of seed %d, %dx%d%s)",
                rooms,
                streets,
                synthMix.isEven() ? "" : ", " + synthMix,
                seed,
                config.width(),
                config.height(),
                synthSupersample == 1
                    ? ""
                    : ", rendered at "
                        + synthSupersample * config.width()
                        + "x"
                        + synthSupersample * config.height()),
            List.of(
                syntheticScenes(SceneKind.INDOOR, rooms, config, seed, threads),
                syntheticScenes(SceneKind.STREET, streets, config, seed, threads)),
            List.of(synthMix.rooms(), synthMix.streets()));
      }
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
   * Refuses, before a minute of rendering, a synthetic set that the heap cannot hold (the frames
   * are kept in memory at the input size for the whole run), saying how many frames fit and how to
   * give Java more.
   */
  static void requireFramesFit(int frames, InputSize input, long heapBytes) {
    long frameBytes = input.sampleBytes();
    long budget = (long) (heapBytes * FRAMES_HEAP_SHARE);
    if ((long) frames * frameBytes <= budget) {
      return;
    }
    double gib = 1L << 30;
    long needed = (long) Math.ceil(frames * (double) frameBytes / FRAMES_HEAP_SHARE / gib);
    throw new IllegalArgumentException(
        String.format(
            Locale.ROOT,
            "--synth-frames %d holds %.1f GiB of frames at %dx%d, more than %.0f%% of this Java"
                + " heap (%.1f GiB) leaves for them: render at most %d frames, or give Java a"
                + " larger heap, e.g. DEPTHSTREAM_JAVA_OPTS='-Xmx%dg' (the native limit the"
                + " launcher sets for training is separate)",
            frames,
            frames * (double) frameBytes / gib,
            input.width(),
            input.height(),
            FRAMES_HEAP_SHARE * 100,
            heapBytes / gib,
            budget / frameBytes,
            needed));
  }

  /** What the bundle records as its training data: the data set, and the target if not masked. */
  String describe(DepthDataset opened) {
    return target == TrainingTarget.MASKED
        ? opened.name()
        : opened.name() + ", " + target.id() + " targets";
  }

  /**
   * Synthetic frames spread over many rooms or streets of the training seed family (see {@link
   * RenderedScenes}): a single world is one room, and a model trained on it learns that room.
   */
  private DepthDataset syntheticScenes(
      SceneKind kind, int count, ModelConfig config, long seed, int threads) {
    if (synthSupersample < 1 || synthSupersample > MAX_SUPERSAMPLE) {
      throw new IllegalArgumentException(
          "--synth-supersample must be 1 to "
              + MAX_SUPERSAMPLE
              + ", got "
              + synthSupersample
              + " (each step renders and holds K² times the pixels)");
    }
    int width = synthSupersample * config.width();
    int height = synthSupersample * config.height();
    System.out.printf(
        Locale.ROOT,
        "rendering %d synthetic %s frames at %dx%d…%n",
        count,
        kind.name().toLowerCase(),
        width,
        height);
    // Each frame is shrunk to the input as soon as it is rendered, with the serving resize
    // (InputSize.fit: the colour by area averaging, the depth over valid pixels), so the set holds
    // 1/K² of the rendered pixels. The batch source fits every sample again; at its size already,
    // that returns it unchanged, so training sees the same numbers as when it shrank each per step.
    return RenderedScenes.render(
        kind,
        RenderedScenes.Role.TRAIN,
        seed,
        count,
        width,
        height,
        threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
        InputSize.of(config)::fit);
  }

  private Path requireData(String kind) {
    if (data == null) {
      throw new IllegalArgumentException(
          "--dataset " + kind + " needs --data <path to the data set>");
    }
    return data;
  }
}
