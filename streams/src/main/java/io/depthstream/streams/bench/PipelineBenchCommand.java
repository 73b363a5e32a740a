package io.depthstream.streams.bench;

import io.depthstream.core.bench.BatchResult;
import io.depthstream.core.bench.InferenceBench;
import io.depthstream.core.bench.MachineFacts;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthScale;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.InferenceException;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelBundleException;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.config.ServiceSettings;
import io.depthstream.streams.matching.FrameScoring;
import io.depthstream.streams.models.ModelBatching;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./depthstream bench --pipeline}: how much of the engine's speed the whole service keeps.
 * In one run, on the same frames, it measures (a) the engine alone, (b) the engine with the
 * per-frame codecs the service pays, and (c) the service's real topology on a real in-process
 * broker draining a backlog, without and with a LiDAR sweep per frame; then the latency the service
 * adds at half its capacity, the bytes it writes to Kafka per frame and the peak heap; with {@code
 * --challengers}, (d) the champion's rate beside challengers in shadow. Progress goes to stderr,
 * the report to stdout, with {@code --json} one JSON object as its last line.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the depth service against its engine on the same JPEG frames: (a) the engine"
          + " alone (batch 1), (b) the engine with the service's per-frame codecs, (c) the"
          + " service topology (application.properties, prod profile) on an in-process Kafka"
          + " broker draining a backlog of one camera, without and with a 64-beam LiDAR sweep per"
          + " frame. Prints frames/s, the ratios c/a and c/b, the latency the service adds at half"
          + " its capacity, Kafka bytes written per frame by topic, peak heap and the machine's"
          + " facts and load. With --challengers, (d): the champion's frames/s on the same"
          + " multi-camera backlog alone and beside 1..n challengers at each sample fraction.",
      "Without --pipeline, ./depthstream bench measures the engine alone per batch size."
    },
    sortOptions = false)
public final class PipelineBenchCommand implements Callable<Integer> {

  private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");
  private static final int MIN_SIDE = 16;

  /** Distinct pictures the frames of a run cycle through (bench renders as many). */
  private static final int PICTURES = 4;

  @Spec CommandSpec spec;

  @Option(
      names = "--pipeline",
      required = true,
      description = "Measure the whole pipeline (this command).")
  boolean pipeline;

  @Option(
      names = "--model",
      defaultValue = "models/densedepth-mini-synth",
      description = "Model bundle directory. Default: ${DEFAULT-VALUE}")
  Path model;

  @Option(
      names = "--size",
      defaultValue = "640x480",
      description = "Frame size WxH of the JPEG frames. Default: ${DEFAULT-VALUE}")
  String size;

  @Option(
      names = "--frames",
      defaultValue = "300",
      description = "Frames per path, and the backlog's length. Default: ${DEFAULT-VALUE}")
  int frames;

  @Option(
      names = "--warmup",
      defaultValue = "10",
      description =
          "Unmeasured frames before (a) and (b); (a) runs at least "
              + InferenceBench.JIT_WARMUP_FRAMES
              + " so the JIT has compiled its per-frame stages, and (b) follows it."
              + " Default: ${DEFAULT-VALUE}")
  int warmup;

  @Option(
      names = "--pipeline-warmup",
      defaultValue = "900",
      description =
          "Frames of an untimed drain before (c): the --cameras backlog with a LiDAR sweep per"
              + " frame, on a broker and service of its own, so that the JIT has compiled the"
              + " service's and Kafka's code paths as in a service that has been running (JMH's"
              + " warm-up iterations, (a)'s warm-up frames); 0 times (c) in a JVM that has run"
              + " only (a) and (b). Default: ${DEFAULT-VALUE}")
  int pipelineWarmup;

  @Option(
      names = "--latency-seconds",
      defaultValue = "10",
      description =
          "How long frames are sent at half the measured capacity to measure the added"
              + " latency. Default: ${DEFAULT-VALUE}")
  int latencySeconds;

  @Option(
      names = "--max-frame-age",
      defaultValue = "1h",
      description =
          "depthstream.freshness.max-frame-age for the run: a backlog is older than the service's"
              + " default allows. Default: ${DEFAULT-VALUE}")
  String maxFrameAge;

  @Option(
      names = "--threads",
      description =
          "ONNX Runtime intra-op threads; 0 = its own choice. Default: depthstream.model.intra-op-threads")
  Integer threads;

  @Option(
      names = "--intra-op-spinning",
      arity = "1",
      paramLabel = "true|false",
      description =
          "depthstream.model.intra-op-spinning for the run: whether ONNX Runtime's threads"
              + " busy-wait between operators, for (a), (b) and (c) alike. Default: the service's"
              + " setting (false)")
  Boolean intraOpSpinning;

  @Option(
      names = "--cameras",
      defaultValue = "3",
      description =
          "Cameras (keys on distinct partitions) of the multi-camera drains; at most"
              + " depthstream.topic-provisioning.partitions. Default: ${DEFAULT-VALUE}")
  int cameras;

  @Option(
      names = "--stream-threads",
      description = "Kafka Streams' num.stream.threads for the run. Default: the service's setting")
  Integer streamThreads;

  @Option(
      names = "--task-idle-ms",
      description =
          "Kafka Streams' max.task.idle.ms for the run (how long a task waits for its scans)."
              + " Default: the service's setting")
  Integer taskIdleMs;

  @Option(
      names = "--commit-interval-ms",
      description =
          "Kafka Streams' commit.interval.ms for the run: under exactly-once each commit flushes"
              + " and commits a transaction, trading frames/s against latency. Default: the"
              + " service's setting")
  Integer commitIntervalMs;

  @Option(
      names = "--poll-ms",
      description =
          "Kafka Streams' poll.ms for the run: how long an idle stream thread blocks in poll, and"
              + " so how late a due commit can be when no record arrives. Default: the service's"
              + " setting")
  Integer pollMs;

  @Option(
      names = "--batch-max-size",
      description =
          "depthstream.model.batch.max-size for the run: most concurrent frames (of the stream"
              + " threads and shadow calls) run as one session.run; 1 = no batching. Default: the"
              + " service's setting (auto: 8 on CUDA, 1 on CPU)")
  Integer batchMaxSize;

  @Option(
      names = "--batch-max-wait-ms",
      description =
          "depthstream.model.batch.max-wait in milliseconds for the run: how long the first frame"
              + " of a batch waits for batch-mates. Default: the service's setting")
  Integer batchMaxWaitMs;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "Any other service setting for the run, as application.properties names it (e.g."
              + " kafka-streams.buffered.records.per.partition=32); repeatable, applied last and"
              + " printed with the run's settings.")
  Map<String, String> set = new LinkedHashMap<>();

  @Option(names = "--device", description = "auto, cuda or cpu. Default: depthstream.model.device")
  String device;

  @Option(
      names = "--challengers",
      split = ",",
      paramLabel = "DIR",
      description =
          "Challenger bundle directories for (d), what challengers cost the champion: the"
              + " backlog of the multi-camera drain (no LiDAR) is drained with the champion alone,"
              + " then with the first k challengers, k = 1..all, at each --challenger-samples. A"
              + " directory given twice (or the champion's) runs again as a copy with the id"
              + " suffix -copy2, -copy3... (model ids are unique in a catalog). Default: none")
  List<Path> challengers = new ArrayList<>();

  @Option(
      names = "--challenger-samples",
      split = ",",
      paramLabel = "FRACTION",
      defaultValue = "1.0,0.1",
      description =
          "Fractions of frames the challengers run in (d) (depthstream.models.challenger-sample),"
              + " one drain per lineup and fraction. Default: ${DEFAULT-VALUE}")
  List<Double> challengerSamples;

  @Option(
      names = "--challengers-only",
      description =
          "Measure only (d), skipping (a), (b), (c) and the latency; an unmeasured drain goes"
              + " first so the measured ones do not pay for the JIT's warm-up.")
  boolean challengersOnly;

  @Option(names = "--json", description = "Also print one JSON object as the last line.")
  boolean json;

  /** Runs the command as a program: logging to stderr, exit status of the command. */
  public static void main(String[] args) {
    BenchLogging.warningsToStderr();
    System.exit(new CommandLine(new PipelineBenchCommand()).execute(args));
  }

  @Override
  public Integer call() {
    int[] wh = parseSize();
    if (frames < 1 || warmup < 0 || latencySeconds < 1 || cameras < 1) {
      throw usage(
          "--frames >= 1, --cameras >= 1, --warmup >= 0 and --latency-seconds >= 1 are needed");
    }
    if (challengersOnly && challengers.isEmpty()) {
      throw usage("--challengers-only needs --challengers DIR[,DIR...]");
    }
    if (challengerSamples.isEmpty()
        || challengerSamples.stream().anyMatch(f -> !(f > 0 && f <= 1))) {
      throw usage("--challenger-samples must be fractions in (0, 1], e.g. 1.0,0.1");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ServiceSettings service = ServiceSettings.load("prod", Map.of());
    ServiceSettings settings;
    try {
      settings = ServiceSettings.load("prod", overrides());
      ModelBatching.of(settings.depthstream().model());
    } catch (RuntimeException e) {
      throw usage("bad option: " + e.getMessage());
    }
    DepthstreamConfig config = settings.depthstream();
    ModelBundle bundle;
    try {
      bundle = ModelBundle.load(config.model().bundle());
    } catch (ModelBundleException e) {
      err.println(
          "bench --pipeline: "
              + e.getMessage()
              + ". Fix: pass --model DIR with a bundle directory (model.onnx + model.json)");
      return 1;
    }
    Progress progress = new Progress(err);
    MachineFacts facts = MachineFacts.here();
    try (HeapPeak heap = HeapPeak.start()) {
      progress.phase(
          String.format(
              Locale.ROOT,
              "rendering %d synthetic street frames of %dx%d with their LiDAR sweeps",
              PICTURES,
              wh[0],
              wh[1]));
      BenchFrames pictures = BenchFrames.render(wh[0], wh[1], PICTURES);
      EngineOptions options = config.model().engineOptions();
      try (DepthEstimator estimator = DepthEstimator.open(bundle, options);
          ChallengerSessions sessions =
              ChallengerSessions.open(challengers, bundle.id(), options)) {
        Map<String, String> shown =
            shownSettings(
                bundle,
                estimator.provider(),
                config,
                service.depthstream(),
                settings,
                settings.kafkaStreams());
        set.forEach((key, value) -> shown.put(key, value + " (--set)"));
        shown.put(
            "bench: untimed warm-up drain before (c)",
            pipelineWarmup > 0
                ? pipelineWarmup + " frames, " + cameras + " cameras with LiDAR (--pipeline-warmup)"
                : "none (--pipeline-warmup 0)");
        Paths paths =
            challengersOnly ? null : measurePaths(settings, estimator, pictures, heap, progress);
        ChallengerCost cost = null;
        if (!challengers.isEmpty()) {
          progress.phase("(d) warming up the challengers' sessions: " + warmup + " frames each");
          sessions.warmUp(pictures, warmup);
          cost =
              new ChallengerDrains(
                      settings,
                      estimator,
                      heap,
                      progress,
                      pictures,
                      frames,
                      cameras,
                      drainTimeout())
                  .run(sessions, challengerSamples, challengersOnly);
        }
        String frameSize = wh[0] + "x" + wh[1];
        int intraOp = config.model().intraOpThreads();
        if (paths == null) {
          out.print(
              cost.text(commandLine(), facts, estimator.provider(), intraOp, frameSize, shown));
          if (json) {
            out.println(cost.json(facts, estimator.provider(), intraOp, frameSize, shown));
          }
        } else {
          PipelineReport report =
              new PipelineReport(
                  commandLine(),
                  facts,
                  bundle.label() + " (" + bundle.encoder() + ")",
                  estimator.provider(),
                  intraOp,
                  bundle.input().width() + "x" + bundle.input().height(),
                  frameSize,
                  pictures.meanJpegBytes(),
                  pictures.meanSweepPoints(),
                  pictures.meanSweepBytes(),
                  frames,
                  warmup,
                  shown,
                  paths.engine(),
                  paths.codecs(),
                  paths.oneCamera(),
                  paths.plain(),
                  paths.lidar(),
                  paths.latency(),
                  heap.overall(),
                  cost);
          out.print(report.text());
          if (json) {
            out.println(report.json());
          }
        }
        out.flush();
        return 0;
      }
    } catch (IllegalStateException | InferenceException | InterruptedException e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      err.println("bench --pipeline: " + e.getMessage());
      err.flush();
      return 1;
    } catch (ModelBundleException e) {
      err.println(
          "bench --pipeline: "
              + e.getMessage()
              + ". Fix: pass --challengers DIR[,DIR...] with bundle directories");
      err.flush();
      return 1;
    }
  }

  /** What paths (a), (b) and (c) measured. */
  private record Paths(
      BatchResult engine,
      CodecPathBench.Result codecs,
      BacklogDrain.Result oneCamera,
      BacklogDrain.Result plain,
      BacklogDrain.Result lidar,
      PacedLatency.Result latency) {}

  /** Paths (a), (b) and (c), each (c) on a fresh broker. */
  private Paths measurePaths(
      ServiceSettings settings,
      DepthEstimator estimator,
      BenchFrames pictures,
      HeapPeak heap,
      Progress progress)
      throws InterruptedException {
    DepthstreamConfig config = settings.depthstream();
    ModelBundle bundle = estimator.bundle();
    int warmupFrames = InferenceBench.JIT_WARMUP_FRAMES;
    progress.phase(
        "(a) engine alone, batch 1: "
            + InferenceBench.warmupCalls(1, warmup, warmupFrames)
            + " warm-up + "
            + frames
            + " frames");
    BatchResult engine =
        new InferenceBench(
                estimator,
                pictures.picturesForModel(
                    new ImageDecoder(limits(config), config.image().reduceJpeg()),
                    bundle.input().width(),
                    bundle.input().height()))
            .run(1, warmup, frames, warmupFrames);
    progress.phase("(b) engine + per-frame codecs: " + warmup + " warm-up + " + frames + " frames");
    CodecPathBench.Result codecs =
        new CodecPathBench(
                estimator,
                limits(config),
                config.image().reduceJpeg(),
                DepthScale.forBundle(bundle, config.depth().scaleOverride()).metresPerUnit(),
                config.depth().pngStripes(),
                config.depth().groundTruthScale(),
                new FrameScoring(
                    new EvaluationProtocol(
                        config.evaluation().minDepth(),
                        config.evaluation().maxDepth(),
                        config.evaluation().crop()),
                    limits(config),
                    config.evaluation().boundaryError()))
            .run(pictures, warmup, frames);
    if (pipelineWarmup > 0) {
      // Kafka's broker and clients and the service's paths are thousands of methods the JIT
      // compiles as they get hot; without this the timed drains paid for that (the compiler
      // threads used 0.2-0.4 of the 2 cores during them, BENCHMARKS.md, twenty-third run).
      drainCameras(
          settings,
          estimator,
          pictures,
          heap,
          progress,
          true,
          pipelineWarmup,
          " with LiDAR, a warm-up (not timed)");
    }
    BacklogDrain.Result oneCamera;
    PacedLatency.Result latency;
    try (ServiceRun run = ServiceRun.start(settings, estimator);
        CommittedArrivals arrivals = CommittedArrivals.of(run)) {
      oneCamera =
          new BacklogDrain(run, heap, progress)
              .run(
                  pictures,
                  frames,
                  1,
                  false,
                  arrivals,
                  drainTimeout(),
                  "(c) pipeline, one camera, no LiDAR");
      latency =
          new PacedLatency(run, progress)
              .run(
                  pictures,
                  arrivals,
                  frames,
                  oneCamera.framesPerSecond() / 2,
                  Duration.ofSeconds(latencySeconds),
                  "added latency at half of (c) for one camera");
    }
    BacklogDrain.Result plain =
        drainCameras(settings, estimator, pictures, heap, progress, false, frames, ", no LiDAR");
    BacklogDrain.Result lidar =
        drainCameras(settings, estimator, pictures, heap, progress, true, frames, " with LiDAR");
    return new Paths(engine, codecs, oneCamera, plain, lidar, latency);
  }

  /**
   * A backlog of {@code count} frames of the --cameras cameras, with or without a sweep per frame,
   * drained by a service of its own.
   */
  private BacklogDrain.Result drainCameras(
      ServiceSettings settings,
      DepthEstimator estimator,
      BenchFrames pictures,
      HeapPeak heap,
      Progress progress,
      boolean lidar,
      int count,
      String what)
      throws InterruptedException {
    try (ServiceRun run = ServiceRun.start(settings, estimator);
        CommittedArrivals arrivals = CommittedArrivals.of(run)) {
      return new BacklogDrain(run, heap, progress)
          .run(
              pictures,
              count,
              cameras,
              lidar,
              arrivals,
              drainTimeout(),
              "(c) pipeline, " + cameras + " cameras" + what);
    }
  }

  private Map<String, String> overrides() {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("depthstream.model.bundle", model.toString());
    o.put("depthstream.freshness.max-frame-age", maxFrameAge);
    if (threads != null) {
      o.put("depthstream.model.intra-op-threads", threads.toString());
    }
    if (intraOpSpinning != null) {
      o.put("depthstream.model.intra-op-spinning", intraOpSpinning.toString());
    }
    if (device != null) {
      o.put("depthstream.model.device", device.toUpperCase(Locale.ROOT));
    }
    if (streamThreads != null) {
      o.put("kafka-streams.num.stream.threads", streamThreads.toString());
    }
    if (taskIdleMs != null) {
      o.put("kafka-streams.max.task.idle.ms", taskIdleMs.toString());
    }
    if (commitIntervalMs != null) {
      o.put("kafka-streams.commit.interval.ms", commitIntervalMs.toString());
    }
    if (pollMs != null) {
      o.put("kafka-streams.poll.ms", pollMs.toString());
    }
    if (batchMaxSize != null) {
      o.put("depthstream.model.batch.max-size", batchMaxSize.toString());
    }
    if (batchMaxWaitMs != null) {
      o.put("depthstream.model.batch.max-wait", batchMaxWaitMs + "ms");
    }
    o.putAll(set);
    return o;
  }

  /** The settings the figures depend on, as the run used them. */
  private static Map<String, String> shownSettings(
      ModelBundle bundle,
      String provider,
      DepthstreamConfig config,
      DepthstreamConfig shipped,
      ServiceSettings settings,
      Properties streams) {
    Map<String, String> shown = new LinkedHashMap<>();
    shown.put(
        "depthstream.freshness.max-frame-age",
        config.freshness().maxFrameAge().toSeconds()
            + " s (the service's "
            + shipped.freshness().maxFrameAge().toSeconds()
            + " s would drop the older frames of a backlog as stale)");
    DepthScale scale = DepthScale.forBundle(bundle, config.depth().scaleOverride());
    shown.put(
        "depthstream.depth.scale",
        scale.metresPerUnit() + " (" + scale.source().toString().toLowerCase(Locale.ROOT) + ")");
    shown.put("depthstream.image.reduce-jpeg", Boolean.toString(config.image().reduceJpeg()));
    shown.put("depthstream.depth.png-stripes", Integer.toString(config.depth().pngStripes()));
    shown.put(
        "depthstream.model.intra-op-spinning", Boolean.toString(config.model().intraOpSpinning()));
    shown.put("depthstream.model.flip-test", Boolean.toString(config.model().flipTest()));
    ModelBatching batching = ModelBatching.of(config.model());
    int batchSize = batching.maxSizeOn(provider);
    shown.put(
        "depthstream.model.batch.max-size",
        batching.describeMaxSize()
            + (batching.maxSize().isPresent() ? "" : " (" + batchSize + " on " + provider + ")")
            + (batchSize > 1 ? "" : ": no batching"));
    shown.put(
        "depthstream.model.batch.max-wait",
        config.model().batch().maxWait().toNanos() / 1e6 + " ms");
    shown.put("depthstream.topics.depth-maps", config.topics().depthMaps());
    for (String key :
        List.of(
            "processing.guarantee",
            "commit.interval.ms",
            "poll.ms",
            "num.stream.threads",
            "max.task.idle.ms",
            "producer.transaction.timeout.ms",
            "statestore.cache.max.bytes")) {
      shown.put(
          key,
          streams.containsKey(key) ? streams.getProperty(key) : "not set (Kafka Streams' default)");
    }
    shown.put(
        "depthstream.topic-provisioning.partitions",
        settings.value("depthstream.topic-provisioning.partitions").orElse("3")
            + " (a camera is one key: one partition, one task)");
    return shown;
  }

  /** Generous: a backlog of a busy 2-core machine drains at a few frames per second. */
  private Duration drainTimeout() {
    return Duration.ofSeconds(Math.max(120, 2L * Math.max(frames, pipelineWarmup)));
  }

  /** The same limits the topology decodes frames with (TopologyProducer). */
  private static ImageLimits limits(DepthstreamConfig config) {
    DepthstreamConfig.ImageSettings image = config.image();
    return new ImageLimits(
        image.maxWidth(),
        image.maxHeight(),
        image.maxBytes(),
        image.maxPixels(),
        image.maxDecodedBytes());
  }

  private int[] parseSize() {
    Matcher m = SIZE.matcher(size.toLowerCase(Locale.ROOT).trim());
    if (m.matches()) {
      try {
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        if (w >= MIN_SIDE
            && h >= MIN_SIDE
            && w <= SyntheticWorld.MAX_SIDE
            && h <= SyntheticWorld.MAX_SIDE) {
          return new int[] {w, h};
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    throw usage(
        "--size must be WxH with sides "
            + MIN_SIDE
            + ".."
            + SyntheticWorld.MAX_SIDE
            + ", e.g. 640x480; got '"
            + size
            + "'");
  }

  /** The command as typed, for the report. */
  private String commandLine() {
    StringBuilder line = new StringBuilder("./depthstream bench");
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      line.append(' ')
          .append(arg.matches("[\\w./=:,@+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
    }
    return line.toString();
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
