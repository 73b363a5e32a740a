package io.depthstream.streams.matching;

import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.schemas.CameraKey;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.streams.dlq.DeadLetter;
import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.dlq.Outcome;
import io.depthstream.streams.groundtruth.TruthDepth;
import io.depthstream.streams.inference.EstimatedFrame;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.topics.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Pairs each depth map with the ground truth of the same vehicle/camera NEAREST to it in capture
 * time, within ±{@code window}, and scores the pair.
 *
 * <p>Why not a plain stream-stream join: a join emits every pair inside the window, and which one
 * is nearest is only known once no closer scan can still arrive. So this processor keeps both sides
 * in changelogged stores (a frame is never only in memory across a commit): ground truth in a
 * window store by capture time (projected LiDAR as sparse depth, not a PNG: {@link
 * io.depthstream.streams.groundtruth.TruthDepthSerde}), frames in a store ordered by capture time —
 * each as its prediction at model resolution, not its PNG ({@link PendingFrameSerde}). A frame is
 * decided when stream time passes {@code captureTime + window + grace}; then every scan of its
 * camera within the window that arrived by that time is a candidate, the nearest wins ({@link
 * NearestInTime}), and the frame leaves the store. Scans that arrive later, or lie outside the
 * window, never touch it.
 */
public final class NearestMatchProcessor
    implements Processor<String, MatchInput, String, Outcome<FrameMetrics>> {

  private final String pendingStoreName;
  private final String truthStoreName;
  private final long windowMs;
  private final long graceMs;
  private final FrameScoring scoring;
  private final Topic<String, DepthMap> depthMaps;
  private final PipelineMetrics metrics;
  private ProcessorContext<String, Outcome<FrameMetrics>> context;
  private KeyValueStore<Bytes, EstimatedFrame> pending;
  private WindowStore<String, TruthDepth> truths;

  public NearestMatchProcessor(
      String pendingStoreName,
      String truthStoreName,
      Duration window,
      Duration grace,
      FrameScoring scoring,
      Topic<String, DepthMap> depthMaps,
      PipelineMetrics metrics) {
    this.pendingStoreName = pendingStoreName;
    this.truthStoreName = truthStoreName;
    this.windowMs = window.toMillis();
    this.graceMs = grace.toMillis();
    this.scoring = scoring;
    this.depthMaps = depthMaps;
    this.metrics = metrics;
  }

  /**
   * How long ground truth stays useful after its capture time: the latest frame it can match
   * (captureTime + window) is decided window + grace later.
   */
  public static Duration truthHorizon(Duration window, Duration grace) {
    return window.multipliedBy(2).plus(grace);
  }

  @Override
  public void init(ProcessorContext<String, Outcome<FrameMetrics>> context) {
    this.context = context;
    this.pending = context.getStateStore(pendingStoreName);
    this.truths = context.getStateStore(truthStoreName);
  }

  @Override
  public void process(Record<String, MatchInput> record) {
    MatchInput input = record.value();
    long streamTime = context.currentStreamTimeMs();
    if (input instanceof MatchInput.FrameSide frame) {
      DepthMap map = frame.frame().map();
      // The store keeps the frame without its PNG (PendingFrameSerde): scoring needs only the
      // prediction at model resolution, and depth.maps already holds the published map.
      pending.put(
          PendingFrameKey.of(
              map.getCaptureTime().toEpochMilli(),
              map.getSequence(),
              record.key(),
              map.getModelId()),
          frame.frame());
      // A frame whose window already closed (it arrived late) is decided right away.
      decideClosedFrames(streamTime);
    } else if (input instanceof MatchInput.TruthSide side) {
      // Decide before storing: storing advances the window store's own clock, which expires the
      // oldest scans; frames due now still need those. (A scan at exactly the new stream time lies
      // outside every frame being decided now whenever grace > 0.)
      decideClosedFrames(streamTime);
      TruthDepth truth = side.truth();
      truths.put(record.key(), truth, truth.captureTime());
    }
  }

  /** Scores and forgets every frame whose window and grace have passed by {@code streamTime}. */
  private void decideClosedFrames(long streamTime) {
    long lastClosed = streamTime - windowMs - graceMs;
    List<KeyValue<Bytes, EstimatedFrame>> closed = new ArrayList<>();
    try (KeyValueIterator<Bytes, EstimatedFrame> frames =
        pending.range(PendingFrameKey.lowest(), PendingFrameKey.after(lastClosed))) {
      frames.forEachRemaining(closed::add);
    }
    for (KeyValue<Bytes, EstimatedFrame> frame : closed) {
      decide(PendingFrameKey.cameraKey(frame.key), frame.value);
      pending.delete(frame.key);
    }
  }

  /**
   * The frame's record with its PNG again, for a dead letter: the letter carries the map as it was
   * published. If the PNG cannot be rebuilt either, the record goes without it.
   */
  private static DepthMap withPng(EstimatedFrame frame) {
    DepthMap map = frame.map();
    try {
      byte[] png = DepthPngCodec.encode(frame.published(), map.getScale());
      return DepthMap.newBuilder(map).setDepthPng(ByteBuffer.wrap(png)).build();
    } catch (RuntimeException e) {
      return map;
    }
  }

  private void decide(String cameraKey, EstimatedFrame frame) {
    DepthMap map = frame.map();
    long t = map.getCaptureTime().toEpochMilli();
    Optional<KeyValue<Long, TruthDepth>> nearest;
    try (WindowStoreIterator<TruthDepth> candidates =
        truths.fetch(cameraKey, t - windowMs, t + windowMs)) {
      nearest = NearestInTime.pick(t, candidates);
    }
    if (nearest.isEmpty()) {
      metrics.frameUnscored("no-ground-truth");
      return;
    }
    Outcome<FrameMetrics> outcome;
    try {
      Optional<FrameMetrics> scored = scoring.score(frame, nearest.get().value);
      if (scored.isEmpty()) {
        metrics.frameUnscored("no-valid-pixels");
        return;
      }
      metrics.frameScored();
      outcome = Outcome.ok(scored.get());
    } catch (RuntimeException e) {
      outcome =
          Outcome.failed(
              new DeadLetter(
                  cameraKey.getBytes(StandardCharsets.UTF_8),
                  depthMaps.encodeValue(withPng(frame)),
                  DeadLetterReason.EVALUATION_FAILED,
                  "scoring depth map "
                      + CameraKey.label(map.getVehicleId(), map.getCameraId(), map.getSequence())
                      + " against ground truth at "
                      + nearest.get().key
                      + " failed: "
                      + e.getMessage(),
                  depthMaps.name(),
                  -1,
                  -1L));
    }
    context.forward(new Record<>(cameraKey, outcome, t, new RecordHeaders()));
  }
}
