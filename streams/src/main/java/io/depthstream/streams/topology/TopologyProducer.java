package io.depthstream.streams.topology;

import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.streams.cameras.CameraAdmission;
import io.depthstream.streams.cameras.CameraRegistry;
import io.depthstream.streams.clock.CaptureTimeCheck;
import io.depthstream.streams.clock.ServiceClockTimestamps;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.dlq.DeadLetter;
import io.depthstream.streams.dlq.DeadLetterWriter;
import io.depthstream.streams.dlq.Outcome;
import io.depthstream.streams.groundtruth.CalibrationProcessor;
import io.depthstream.streams.groundtruth.CalibrationValidation;
import io.depthstream.streams.groundtruth.GroundTruthProcessor;
import io.depthstream.streams.groundtruth.GroundTruthProjection;
import io.depthstream.streams.groundtruth.TruthDepth;
import io.depthstream.streams.groundtruth.TruthDepthSerde;
import io.depthstream.streams.inference.EstimatedFrame;
import io.depthstream.streams.inference.EstimatorSource;
import io.depthstream.streams.inference.FrameInference;
import io.depthstream.streams.inference.FrameInferenceProcessor;
import io.depthstream.streams.matching.FrameScoring;
import io.depthstream.streams.matching.MatchInput;
import io.depthstream.streams.matching.NearestMatchProcessor;
import io.depthstream.streams.matching.PendingFrameSerde;
import io.depthstream.streams.models.ComparisonBoard;
import io.depthstream.streams.models.FramePairingProcessor;
import io.depthstream.streams.models.ModelBatching;
import io.depthstream.streams.models.ModelCatalog;
import io.depthstream.streams.models.ModelComparisons;
import io.depthstream.streams.models.ShadowInferenceProcessor;
import io.depthstream.streams.observability.InferenceHealth;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.observability.WindowGauges;
import io.depthstream.streams.topics.Topic;
import io.depthstream.streams.topics.Topics;
import io.depthstream.streams.views.LatestDepthMaps;
import io.depthstream.streams.views.LatestVehicleWindows;
import io.depthstream.streams.windows.MetricsAccumulatorSerde;
import io.depthstream.streams.windows.ScopeKey;
import io.depthstream.streams.windows.WindowMetrics;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Wires the service's topology; the work happens in the named processors it connects:
 *
 * <pre>
 * camera.frames ─ FrameInferenceProcessor ─┬─ depth.maps, latest-depth-maps (no changelog)
 *                                          └─ NearestMatchProcessor ─ depth.metrics.frames
 * lidar.scans ── GroundTruthProcessor ─────┘   (+ calibrations,         └─ windows per vehicle,
 * sensor.calibration ─ CalibrationProcessor     ground-truth, pending)   model, fleet ─ depth.metrics.windows
 *   (valid ones → store calibrations)
 * every failure ─ DeadLetterWriter ─ depth.dlq
 * </pre>
 *
 * <p>Every source reads with {@link ServiceClockTimestamps}, so no producer's clock moves stream
 * time past the service's; the three input processors share the task's camera registry ({@link
 * StoreNames#CAMERAS}), which bounds every store keyed by camera.
 */
@Singleton
public class TopologyProducer {

  private final DepthstreamConfig config;
  private final Topics topics;
  private final ModelCatalog models;
  private final ComparisonBoard board;
  private final PipelineMetrics metrics;
  private final WindowGauges gauges;
  private final Clock clock;
  private final InferenceHealth health;
  private final ServiceClockTimestamps timestamps;

  /**
   * One model and no challengers (tests, the crash test's service process), batched as {@code
   * depthstream.model.batch.*} says. Nothing closes this catalog: with batching on (never by
   * default on CPU) its batcher thread, a daemon, lives as long as the process.
   */
  public TopologyProducer(
      DepthstreamConfig config,
      Topics topics,
      DepthEstimator estimator,
      PipelineMetrics metrics,
      WindowGauges gauges,
      Clock clock,
      InferenceHealth health) {
    this(
        config,
        topics,
        ModelCatalog.single(estimator, ModelBatching.of(config.model())),
        new ComparisonBoard(0, 0, Optional.empty()),
        metrics,
        gauges,
        clock,
        health);
  }

  /**
   * The service's topology: the catalog's champion serves depth.maps, its challengers run in shadow
   * (issue 13), and {@code board} sees what the models API shows.
   */
  @Inject
  public TopologyProducer(
      DepthstreamConfig config,
      Topics topics,
      ModelCatalog models,
      ComparisonBoard board,
      PipelineMetrics metrics,
      WindowGauges gauges,
      Clock clock,
      InferenceHealth health) {
    this.config = config;
    this.topics = topics;
    this.models = models;
    this.board = board;
    this.metrics = metrics;
    this.gauges = gauges;
    this.clock = clock;
    this.health = health;
    this.timestamps = new ServiceClockTimestamps(clock);
  }

  @Produces
  @Singleton
  public Topology topology() {
    return build();
  }

  /** The topology, built without CDI (tests call this directly). */
  public Topology build() {
    ModelBundle champion = models.champion().bundle();
    if (champion.output().kind() == OutputKind.INVERSE_RELATIVE) {
      throw new IllegalStateException(
          "model "
              + champion.label()
              + " outputs relative inverse depth, but depth.maps carries metres; set"
              + " depthstream.model.bundle to a metric bundle (depth_m or depth_inverse_norm)");
    }
    StreamsBuilder builder = new StreamsBuilder();
    addStores(builder);
    KStream<String, DeadLetter> badCalibrations =
        builder.stream(topics.calibration().name(), consumedRaw(topics.calibration()))
            .process(
                this::calibration,
                Named.as("calibration"),
                StoreNames.CALIBRATIONS,
                StoreNames.CAMERAS);

    KStream<byte[], byte[]> rawFrames =
        builder.stream(topics.frames().name(), consumedRaw(topics.frames()));
    KStream<String, Outcome<EstimatedFrame>> estimated =
        rawFrames.process(
            this::frameInference,
            Named.as("frame-inference"),
            StoreNames.CAMERAS,
            StoreNames.LATEST_DEPTH,
            StoreNames.CALIBRATIONS);
    KStream<String, EstimatedFrame> frames = onlyOk(estimated, "estimated-frames");
    KStream<String, DepthMap> maps = frames.mapValues(EstimatedFrame::map, Named.as("depth-maps"));
    maps.to(topics.depthMaps().name(), topics.depthMaps().produced());
    // Challengers: sampled frames, maps to depth.maps.shadow only, scored like the champion's.
    KStream<String, EstimatedFrame> shadowFrames =
        rawFrames.process(this::shadowInference, Named.as("shadow-inference"));
    shadowFrames
        .mapValues(EstimatedFrame::map, Named.as("shadow-maps"))
        .to(topics.depthMapsShadow().name(), topics.depthMapsShadow().produced());
    maps.process(
        () -> new LatestDepthMaps(StoreNames.LATEST_DEPTH),
        Named.as("latest-depth"),
        StoreNames.LATEST_DEPTH);

    KStream<String, Outcome<TruthDepth>> truths =
        builder.stream(topics.scans().name(), consumedRaw(topics.scans()))
            .process(
                this::groundTruth,
                Named.as("ground-truth-projection"),
                StoreNames.CALIBRATIONS,
                StoreNames.CAMERAS);

    KStream<String, Outcome<FrameMetrics>> scored =
        frames
            .merge(shadowFrames, Named.as("all-models-frames"))
            .mapValues(MatchInput::frame, Named.as("match-frames"))
            .merge(
                onlyOk(truths, "ground-truths")
                    .mapValues(MatchInput::truth, Named.as("match-truths")),
                Named.as("match-input"))
            .process(
                this::nearestMatch,
                Named.as("nearest-match"),
                StoreNames.PENDING_FRAMES,
                StoreNames.GROUND_TRUTH);
    KStream<String, FrameMetrics> frameMetrics = onlyOk(scored, "frame-metrics");
    frameMetrics.to(topics.metricsFrames().name(), topics.metricsFrames().produced());
    frameMetrics.peek((key, m) -> board.frameScored(m.getModelId()), Named.as("scored-per-model"));

    addWindows(frameMetrics);
    ModelComparisons.attach(
        builder,
        frameMetrics,
        topics.metricsFrames().valueSerde(),
        new FramePairingProcessor.Roles() {
          @Override
          public String championId() {
            return models.champion().id();
          }

          @Override
          public boolean sampled(String cameraKey, long sequence) {
            return models.sampling().sampled(cameraKey, sequence);
          }
        },
        new ModelComparisons.Settings(
            config.models().pairingRetention(),
            config.windows().tumbling(),
            config.windows().grace(),
            config.windows().fleetKey(),
            topics.modelComparison().name()),
        board::comparison);

    failures(estimated, "frame-failures")
        .merge(failures(truths, "scan-failures"), Named.as("dlq-merge-scans"))
        .merge(failures(scored, "scoring-failures"), Named.as("dlq-merge-scoring"))
        .merge(badCalibrations, Named.as("dlq-merge-calibrations"))
        .process(
            () -> new DeadLetterWriter(metrics, config.kafka().maxRecordBytes()),
            Named.as("dead-letters"))
        .to(topics.dlq().name(), topics.dlq().produced());
    return builder.build();
  }

  private void addWindows(KStream<String, FrameMetrics> frameMetrics) {
    DepthstreamConfig.WindowSettings windows = config.windows();
    String fleetKey = windows.fleetKey();
    KGroupedStream<String, FrameMetrics> byScope =
        frameMetrics
            .flatMap((key, m) -> ScopeKey.fanOut(m, fleetKey), Named.as("metrics-scopes"))
            .groupByKey(
                Grouped.with(
                    "metrics-by-scope", Serdes.String(), topics.metricsFrames().valueSerde()));
    KStream<String, MetricsWindow> tumbling =
        closedWindows(
            byScope,
            TimeWindows.ofSizeAndGrace(windows.tumbling(), windows.grace()),
            StoreNames.TUMBLING_WINDOWS);
    KStream<String, MetricsWindow> hopping =
        closedWindows(
            byScope,
            TimeWindows.ofSizeAndGrace(windows.hoppingSize(), windows.grace())
                .advanceBy(windows.hoppingAdvance()),
            StoreNames.HOPPING_WINDOWS);
    tumbling.peek((key, window) -> board.window(window), Named.as("model-windows"));
    // The REST API's newest window of a vehicle is the champion's: challengers' windows of the
    // same vehicle are on the windows topic and in /api/models.
    tumbling
        .filter(
            (key, window) ->
                window.getScope() != MetricsScope.VEHICLE
                    || window.getModelId().equals(models.champion().id()),
            Named.as("champion-windows"))
        .process(
            () ->
                new LatestVehicleWindows(
                    StoreNames.LATEST_WINDOWS,
                    config.state().cameraTtl(),
                    config.state().sweepInterval()),
            Named.as("latest-windows"),
            StoreNames.LATEST_WINDOWS);
    // Gauges follow the hopping windows: a 60 s mean refreshed every advance is the rolling view.
    hopping.peek((key, window) -> gauges.record(window), Named.as("window-gauges"));
    tumbling
        .merge(hopping, Named.as("windows-merge"))
        .to(topics.metricsWindows().name(), topics.metricsWindows().produced());
  }

  /** Closed windows of one kind, keyed by scope key (vehicle id, model id or fleet name). */
  private KStream<String, MetricsWindow> closedWindows(
      KGroupedStream<String, FrameMetrics> byScope, TimeWindows windows, String storeName) {
    return byScope
        .windowedBy(windows)
        .emitStrategy(EmitStrategy.onWindowClose())
        .aggregate(
            MetricsAccumulator::new,
            (key, frame, acc) -> WindowMetrics.add(acc, frame),
            Named.as(storeName + "-aggregate"),
            // Uncached: with emit-on-window-close the first emit ranges from epoch 0 to now, and
            // the caching layer walks that range segment by segment (minutes of a stalled stream
            // thread and stale frames, seen in the demo); RocksDB seeks it at once. The cache
            // would save nothing here, as nothing is forwarded before a window closes.
            Materialized.<String, MetricsAccumulator, WindowStore<Bytes, byte[]>>as(storeName)
                .withKeySerde(Serdes.String())
                .withValueSerde(new MetricsAccumulatorSerde())
                .withCachingDisabled())
        .toStream(Named.as(storeName + "-closed"))
        .map(
            (windowed, acc) -> {
              ScopeKey scope = ScopeKey.decode(windowed.key());
              return KeyValue.pair(
                  scope.scopeKey(), WindowMetrics.toWindow(scope, windowed.window(), acc));
            },
            Named.as(storeName + "-records"));
  }

  private void addStores(StreamsBuilder builder) {
    Duration window = config.join().window();
    Duration grace = config.join().grace();
    Duration truthRetention = NearestMatchProcessor.truthHorizon(window, grace).plusMillis(1);
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.CALIBRATIONS),
            Serdes.String(),
            Serdes.ByteArray()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.CAMERAS), Serdes.String(), Serdes.Long()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.PENDING_FRAMES),
            Serdes.Bytes(),
            new PendingFrameSerde(topics.depthMaps().valueSerde())));
    builder.addStateStore(
        Stores.windowStoreBuilder(
            Stores.persistentWindowStore(
                StoreNames.GROUND_TRUTH, truthRetention, window.multipliedBy(2), true),
            Serdes.String(),
            new TruthDepthSerde(topics.scans().valueSerde(), limits())));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.LATEST_DEPTH),
                Serdes.String(),
                topics.depthMaps().valueSerde())
            // No changelog: depth.maps already holds every map, and a camera's next frame refills
            // its entry after a restart. Logging it wrote each map to Kafka a second time.
            .withLoggingDisabled());
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(StoreNames.LATEST_WINDOWS),
            Serdes.String(),
            topics.metricsWindows().valueSerde()));
  }

  private FrameInferenceProcessor frameInference() {
    FrameInference inference = frameInference(models);
    return new FrameInferenceProcessor(
        topics.frames(),
        inference,
        metrics,
        health,
        admission(),
        new FrameInferenceProcessor.CameraState(
            cameras(),
            List.of(StoreNames.LATEST_DEPTH, StoreNames.CALIBRATIONS),
            config.state().sweepInterval(),
            clock));
  }

  /** Frames to depth maps with the model {@code estimators} gives, as the service makes them. */
  private FrameInference frameInference(EstimatorSource estimators) {
    return new FrameInference(
        new ImageDecoder(limits(), config.image().reduceJpeg()),
        estimators,
        config.depth().scaleOverride(),
        FrameInference.pngEncoder(config.depth().pngStripes()),
        config.freshness().maxFrameAge(),
        clock,
        config.kafka().maxRecordBytes());
  }

  private ShadowInferenceProcessor shadowInference() {
    return new ShadowInferenceProcessor(
        topics.frames(), models, challenger -> frameInference(EstimatorSource.fixed(challenger)));
  }

  private CalibrationProcessor calibration() {
    return new CalibrationProcessor(
        topics.calibration(),
        StoreNames.CALIBRATIONS,
        new CalibrationValidation(limits()),
        admission(),
        cameras());
  }

  /** The task's camera registry, shared by the three input processors. */
  private CameraRegistry.Bounds cameras() {
    return new CameraRegistry.Bounds(
        StoreNames.CAMERAS, config.state().maxCameras(), config.state().cameraTtl());
  }

  private CameraAdmission admission() {
    return new CameraAdmission(
        new CaptureTimeCheck(config.clock().maxFutureSkew(), config.clock().maxAge()), clock);
  }

  /** Raw bytes, stamped by the service clock's rule rather than the producer's alone. */
  private Consumed<byte[], byte[]> consumedRaw(Topic<?, ?> topic) {
    return topic.consumedRaw().withTimestampExtractor(timestamps);
  }

  private GroundTruthProcessor groundTruth() {
    return new GroundTruthProcessor(
        topics.scans(),
        topics.calibration(),
        StoreNames.CALIBRATIONS,
        new GroundTruthProjection(config.depth().groundTruthScale(), limits()),
        NearestMatchProcessor.truthHorizon(config.join().window(), config.join().grace()),
        admission(),
        cameras(),
        metrics);
  }

  private NearestMatchProcessor nearestMatch() {
    DepthstreamConfig.EvaluationSettings evaluation = config.evaluation();
    return new NearestMatchProcessor(
        StoreNames.PENDING_FRAMES,
        StoreNames.GROUND_TRUTH,
        config.join().window(),
        config.join().grace(),
        new FrameScoring(
            new EvaluationProtocol(evaluation.minDepth(), evaluation.maxDepth(), evaluation.crop()),
            limits(),
            evaluation.boundaryError()),
        topics.depthMaps(),
        metrics);
  }

  private ImageLimits limits() {
    DepthstreamConfig.ImageSettings image = config.image();
    return new ImageLimits(
        image.maxWidth(),
        image.maxHeight(),
        image.maxBytes(),
        image.maxPixels(),
        image.maxDecodedBytes());
  }

  private static <V> KStream<String, V> onlyOk(KStream<String, Outcome<V>> outcomes, String name) {
    return outcomes
        .filter((key, outcome) -> outcome.isOk(), Named.as(name + "-ok"))
        .mapValues(Outcome::value, Named.as(name + "-values"));
  }

  private static <V> KStream<String, DeadLetter> failures(
      KStream<String, Outcome<V>> outcomes, String name) {
    return outcomes
        .filterNot((key, outcome) -> outcome.isOk(), Named.as(name))
        .mapValues(Outcome::letter, Named.as(name + "-letters"));
  }
}
