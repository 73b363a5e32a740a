package io.depthstream.streams.config;

import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.metrics.Crop;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Every setting of the depth service under {@code depthstream.*}, with its one home in {@code
 * application.properties} (which also documents each key and its default). The topology reads it
 * through this typed view; tests load the same file without booting Quarkus.
 */
@ConfigMapping(prefix = "depthstream")
public interface DepthstreamConfig {

  /** Topic names; see {@link io.depthstream.streams.topics.Topics}. */
  TopicNames topics();

  ModelSettings model();

  ImageSettings image();

  DepthSettings depth();

  FreshnessSettings freshness();

  JoinSettings join();

  EvaluationSettings evaluation();

  WindowSettings windows();

  MetricsSettings metrics();

  ClockSettings clock();

  StateSettings state();

  KafkaSettings kafka();

  HealthSettings health();

  /** Challengers beside the champion, promotion and hot reload. */
  ModelsSettings models();

  AdminSettings admin();

  /** The configured name of each topic the service reads or writes. */
  interface TopicNames {
    String frames();

    String scans();

    String calibration();

    @WithName("depth-maps")
    String depthMaps();

    @WithName("metrics-frames")
    String metricsFrames();

    @WithName("metrics-windows")
    String metricsWindows();

    String dlq();

    /** Challengers' depth maps. */
    @WithName("depth-maps-shadow")
    String depthMapsShadow();

    /** Champion changes (compacted). */
    @WithName("model-events")
    String modelEvents();

    /** Paired challenger-vs-champion differences. */
    @WithName("model-comparison")
    String modelComparison();
  }

  /** Which model bundle to run and where. */
  interface ModelSettings {
    /** Directory of the bundle (model.onnx + model.json). */
    Path bundle();

    DeviceChoice device();

    @WithName("intra-op-threads")
    int intraOpThreads();

    /**
     * Whether ONNX Runtime's intra-op threads busy-wait between operators (its default). Off for
     * the service: the spinning took the CPU its stream threads need for the codecs.
     */
    @WithName("intra-op-spinning")
    boolean intraOpSpinning();

    /**
     * Whether every frame also runs mirrored left-right and the two maps are averaged (mirrored
     * back), as DenseDepth's evaluation does: a little more accuracy for twice the model's work.
     * Challengers in shadow run the same way, so champion and challengers stay on one protocol.
     */
    @WithName("flip-test")
    boolean flipTest();

    /** The engine options these settings describe: device, threads, spinning and flip test. */
    default EngineOptions engineOptions() {
      return EngineOptions.defaults()
          .withDevice(device())
          .withThreads(intraOpThreads(), 0)
          .withIntraOpSpinning(intraOpSpinning())
          .withFlipTest(flipTest());
    }

    /** Dynamic batching of concurrent frames into one session.run (ModelBatching). */
    BatchSettings batch();
  }

  /**
   * The dynamic batcher in front of each model: concurrent frames of the stream threads (and
   * challengers' shadow calls) run as one {@code session.run}.
   */
  interface BatchSettings {
    /** Most frames per batch, or "auto": 8 on CUDA, 1 (off) on CPU. */
    @WithName("max-size")
    String maxSize();

    /** Longest the first frame of a batch waits for batch-mates. */
    @WithName("max-wait")
    Duration maxWait();
  }

  /** Limits a camera frame must respect before it is decoded. */
  interface ImageSettings {
    @WithName("max-width")
    int maxWidth();

    @WithName("max-height")
    int maxHeight();

    @WithName("max-bytes")
    long maxBytes();

    /** Total pixel budget (width × height), checked from the header before decoding. */
    @WithName("max-pixels")
    long maxPixels();

    /** Largest decoded raster (width × height × channels × bytes per sample) a header may imply. */
    @WithName("max-decoded-bytes")
    long maxDecodedBytes();

    /**
     * Whether a JPEG frame larger than the model's input is decoded straight to that size by area
     * averaging, or whole and then resized: the default, since the pipeline shows no gain from it
     * (the engine's 15-25 % stays inside the 3-camera drains' spread; BENCHMARKS.md, twentieth and
     * twenty-second runs).
     */
    @WithName("reduce-jpeg")
    @WithDefault("false")
    boolean reduceJpeg();
  }

  /** How depth maps are encoded on {@code depth.maps}. */
  interface DepthSettings {
    /**
     * Metres per PNG unit of published depth maps when set: 0.001 (mm, up to 65.535 m) or
     * 0.00390625 (1/256, up to 255.996 m). Unset, the model's own: {@link
     * io.depthstream.core.inference.DepthScale#forBundle}, 1/256 for a bundle whose max_depth
     * exceeds 65.535 m.
     */
    @WithName("scale")
    Optional<Double> scaleOverride();

    /** Metres per PNG unit of LiDAR ground truth projected into the image (kept in state). */
    @WithName("ground-truth-scale")
    double groundTruthScale();

    /**
     * Stripes each depth map's PNG is cut into and deflated on at once (StripedDepthPng), on the
     * common fork-join pool; 1 deflates it on the stream thread alone. One camera is one partition
     * and so one stream thread: striping is how its PNG, the largest cost of a frame, uses the
     * other cores.
     */
    @WithName("png-stripes")
    @WithDefault("2")
    int pngStripes();
  }

  /** How old a frame may be when it is processed before it is skipped as stale. */
  interface FreshnessSettings {
    @WithName("max-frame-age")
    Duration maxFrameAge();
  }

  /** Matching depth maps with ground truth by nearest capture time. */
  interface JoinSettings {
    /** Largest |frame time − ground-truth time| that still counts as a match. */
    Duration window();

    /** How long after a frame's window ends late ground truth is still waited for. */
    Duration grace();
  }

  /** The evaluation protocol frames are scored with. */
  interface EvaluationSettings {
    @WithName("min-depth")
    double minDepth();

    @WithName("max-depth")
    double maxDepth();

    Crop crop();

    /**
     * Whether frames scored against dense ground truth (a depth camera) get the depth boundary
     * error. It costs about 50 ms of CPU per 640×480 frame; sparse LiDAR never has one.
     */
    @WithName("boundary-error")
    @WithDefault("true")
    boolean boundaryError();
  }

  /** Rolling metric windows over per-frame metrics. */
  interface WindowSettings {
    Duration tumbling();

    @WithName("hopping-size")
    Duration hoppingSize();

    @WithName("hopping-advance")
    Duration hoppingAdvance();

    /** How long a window stays open for out-of-order frame metrics after it ends. */
    Duration grace();

    /** The scope key of fleet-wide windows. */
    @WithName("fleet-key")
    String fleetKey();
  }

  /** Micrometer label cardinality caps. */
  interface MetricsSettings {
    /** Most distinct vehicles that get their own rolling-metric gauges. */
    @WithName("max-vehicle-labels")
    int maxVehicleLabels();

    /** Most distinct models that get their own rolling-metric gauges. */
    @WithName("max-model-labels")
    int maxModelLabels();
  }

  /**
   * How far a producer's clock may be from the service's: a record stamped further ahead than
   * {@code max-future-skew}, or older than {@code max-age}, is dead-lettered instead of processed,
   * and no record's timestamp moves stream time past the service clock.
   */
  interface ClockSettings {
    @WithName("max-future-skew")
    Duration maxFutureSkew();

    @WithName("max-age")
    Duration maxAge();
  }

  /** Bounds on state kept per camera (vehicle/camera key). */
  interface StateSettings {
    /** A camera silent this long is forgotten: its registry entry, latest map and calibration. */
    @WithName("camera-ttl")
    Duration cameraTtl();

    /** Most distinct cameras one task (input partition) keeps state for; past it, dead letters. */
    @WithName("max-cameras")
    int maxCameras();

    /** How often forgotten cameras and windows are swept (wall clock). */
    @WithName("sweep-interval")
    Duration sweepInterval();

    /**
     * Whether a start deletes the local task directories and restores the stores from their
     * changelogs, so the stream threads share the cameras ({@code
     * io.depthstream.streams.kafka.LocalTaskState}).
     */
    @WithName("clear-local-tasks-on-start")
    boolean clearLocalTasksOnStart();
  }

  /** Kafka record sizes, one setting for producer, topics and broker. */
  interface KafkaSettings {
    /**
     * Largest record the service writes or accepts (producer max.request.size, topics'
     * max.message.bytes).
     */
    @WithName("max-record-bytes")
    int maxRecordBytes();

    /**
     * A Kafka client properties file (security.protocol, ssl.*, sasl.*) applied to every Kafka
     * client of the service: {@code DEPTHSTREAM_KAFKA_CONFIG}. Unset: PLAINTEXT.
     */
    Optional<Path> config();
  }

  /** When readiness goes down for reasons other than Kafka Streams' own state. */
  interface HealthSettings {
    /** How many recent model runs readiness looks at. */
    @WithName("inference-window")
    int inferenceWindow();

    /** Readiness is down when at least this share of the recent model runs failed. */
    @WithName("inference-failure-ratio")
    double inferenceFailureRatio();

    /**
     * Exit the process (status 70) when Kafka Streams reaches ERROR, so a supervisor restarts it.
     */
    @WithName("exit-on-streams-error")
    boolean exitOnStreamsError();
  }
}
