package io.depthstream.cli.bench;

import io.depthstream.cli.FrameSize;
import io.depthstream.cli.TypedCommand;
import io.depthstream.core.bench.BatchResult;
import io.depthstream.core.bench.InferenceBench;
import io.depthstream.core.bench.MachineFacts;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.InferenceException;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelBundleException;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./depthstream bench}: measures how fast a model bundle runs with the service's engine
 * ({@link DepthEstimator}) on this machine, per stage and per batch size, and how fast the codecs
 * around it are; prints the machine's facts with the figures, and with {@code --markdown} a block
 * for BENCHMARKS.md.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure inference throughput of a model bundle with the service's engine: per-stage ms"
          + " (preprocess, inference, postprocess), frames/s, call p50/p95 per batch size and the"
          + " batch ratios of the same run, plus JPEG/depth-PNG codec timings.",
      "--synthetic-model DIR writes a random-weight 3-convolution stand-in and measures that: a"
          + " PLUMBING benchmark of the engine, not of DenseDepth.",
      "./depthstream bench --pipeline measures the whole service against this engine instead"
          + " (the streams module runs it; ./depthstream bench --pipeline --help)."
    },
    sortOptions = false)
public final class BenchCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      defaultValue = "models/densedepth-mini-synth",
      description = "Model bundle directory. Default: ${DEFAULT-VALUE}")
  Path model;

  @Option(
      names = "--synthetic-model",
      paramLabel = "DIR",
      description =
          "Write the plumbing stand-in model (input --size, default 640x480) to DIR and measure it instead of --model.")
  Path syntheticModel;

  @Option(
      names = "--size",
      description =
          "Frame size WxH fed to the engine (resized to the model's input). Default: the model's input size",
      converter = FrameSize.Converter.class)
  FrameSize size;

  @Option(
      names = "--batch",
      split = ",",
      defaultValue = "1,2,4",
      description =
          "Batch sizes to measure; the first is the ratios' baseline. Default: ${DEFAULT-VALUE}")
  List<Integer> batches;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description =
          "ONNX Runtime intra-op threads; 0 = its own choice (one per core). Default: ${DEFAULT-VALUE}")
  int threads;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "auto, cuda or cpu. Default: ${DEFAULT-VALUE}")
  String device;

  @Option(
      names = "--warmup",
      defaultValue = "3",
      description = "Unmeasured calls per batch size. Default: ${DEFAULT-VALUE}")
  int warmup;

  @Option(
      names = "--warmup-frames",
      defaultValue = "" + InferenceBench.JIT_WARMUP_FRAMES,
      description =
          "Unmeasured frames per batch size at least, whatever --warmup says, so the JIT has"
              + " compiled the per-frame stages before the clock starts (they are called once a"
              + " frame, and HotSpot's optimising compiler waits for hundreds of calls)."
              + " Default: ${DEFAULT-VALUE}")
  int warmupFrames;

  @Option(
      names = "--iterations",
      defaultValue = "20",
      description = "Measured calls per batch size. Default: ${DEFAULT-VALUE}")
  int iterations;

  // A plain flag: picocli's negatable boolean with default true reads --no-codecs as "on".
  @Option(
      names = "--no-codecs",
      description = "Skip the JPEG decode and depth PNG encode/decode timings of one frame.")
  boolean skipCodecs;

  @Option(
      names = "--markdown",
      description = "Also print a Markdown block ready for BENCHMARKS.md.")
  boolean markdown;

  @Override
  public Integer call() {
    if (warmup < 0
        || warmupFrames < 0
        || iterations < 1
        || threads < 0
        || batches.isEmpty()
        || batches.stream().anyMatch(b -> b < 1)) {
      throw usage(
          "--warmup >= 0, --warmup-frames >= 0, --iterations >= 1, --threads >= 0 and every --batch >= 1 are needed");
    }
    DeviceChoice choice;
    try {
      choice = DeviceChoice.parse(device);
    } catch (IllegalArgumentException e) {
      throw usage("--device: " + e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ModelBundle bundle;
    try {
      bundle =
          syntheticModel != null
              ? PlumbingModel.write(
                  syntheticModel,
                  size == null ? 640 : size.width(),
                  size == null ? 480 : size.height())
              : ModelBundle.load(model);
    } catch (ModelBundleException | IllegalArgumentException e) {
      err.println(
          "bench: "
              + e.getMessage()
              + (syntheticModel == null
                  ? ". Fix: export a bundle (./depthstream export), pass --model DIR, or measure"
                      + " the engine's plumbing with --synthetic-model DIR"
                  : ""));
      return 1;
    }
    int width = size == null ? bundle.input().width() : size.width();
    int height = size == null ? bundle.input().height() : size.height();
    int largest = batches.stream().mapToInt(Integer::intValue).max().orElse(1);
    err.printf(
        Locale.ROOT,
        "bench: rendering %d synthetic street frames of %dx%d%n",
        Math.min(largest, 4),
        width,
        height);
    err.flush();
    SyntheticWorld world = new SyntheticWorld(SceneKind.STREET, 7).withParallelRows(true);
    List<SyntheticFrame> rendered = new ArrayList<>();
    for (int i = 0; i < Math.min(largest, 4); i++) {
      rendered.add(world.render(width, height, i * 10));
    }
    List<RgbImage> frames = rendered.stream().map(SyntheticFrame::rgb).toList();
    MachineFacts facts = MachineFacts.here();
    EngineOptions options =
        EngineOptions.defaults()
            .withDevice(choice)
            .withThreads(threads, 0)
            .withMaxBatchSize(largest);
    List<BatchResult> results = new ArrayList<>();
    String provider;
    try (DepthEstimator estimator = DepthEstimator.open(bundle, options)) {
      provider = estimator.provider();
      InferenceBench bench = new InferenceBench(estimator, frames);
      for (int batch : batches) {
        err.printf(
            Locale.ROOT,
            "bench: batch %d, %d warm-up + %d measured calls%n",
            batch,
            InferenceBench.warmupCalls(batch, warmup, warmupFrames),
            iterations);
        err.flush();
        results.add(bench.run(batch, warmup, iterations, warmupFrames));
      }
    } catch (InferenceException | ModelBundleException e) {
      err.println("bench: " + e.getMessage());
      return 1;
    }
    List<CodecBench.CodecResult> codecResults =
        !skipCodecs
            ? CodecBench.run(rendered.get(0).rgb(), rendered.get(0).depth(), warmup, iterations)
            : List.of();
    BenchReport report =
        new BenchReport(
            commandLine(),
            facts,
            bundle.label() + " (" + bundle.encoder() + ")",
            syntheticModel != null,
            provider,
            threads,
            bundle.input().width() + "x" + bundle.input().height(),
            width + "x" + height,
            warmup,
            warmupFrames,
            iterations,
            results,
            codecResults);
    out.print(report.text());
    if (markdown) {
      out.println();
      out.print(report.markdown());
    }
    out.flush();
    return 0;
  }

  /** The command as typed, for the report. */
  private String commandLine() {
    return TypedCommand.of(spec);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
