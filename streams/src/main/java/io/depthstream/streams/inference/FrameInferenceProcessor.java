package io.depthstream.streams.inference;

import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.inference.InferenceException;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.streams.cameras.CameraAdmission;
import io.depthstream.streams.cameras.CameraRegistry;
import io.depthstream.streams.cameras.CameraSweep;
import io.depthstream.streams.dlq.DeadLetter;
import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.dlq.DecodingFailures;
import io.depthstream.streams.dlq.Outcome;
import io.depthstream.streams.observability.InferenceHealth;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.topics.Topic;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code camera.frames} as raw bytes and forwards, per record, either the frame's depth map
 * or a dead letter: Avro decoding happens here rather than in a source serde so that bad bytes cost
 * one DLQ record, not the stream thread. Before the model runs, the frame passes {@link
 * CameraAdmission} (key, clock, camera budget); the processor also sweeps the task's silent
 * cameras.
 */
public final class FrameInferenceProcessor
    implements Processor<byte[], byte[], String, Outcome<EstimatedFrame>> {

  private static final Logger LOG = LoggerFactory.getLogger(FrameInferenceProcessor.class);

  private final Topic<String, CameraFrame> frames;
  private final FrameInference inference;
  private final PipelineMetrics metrics;
  private final InferenceHealth health;
  private final CameraAdmission admission;
  private final CameraState cameraState;
  private ProcessorContext<String, Outcome<EstimatedFrame>> context;
  private CameraRegistry registry;

  /**
   * The task's camera registry, the stores a forgotten camera is deleted from, and how often (by
   * the service clock) silent cameras are swept.
   */
  public record CameraState(
      CameraRegistry.Bounds registry,
      List<String> keyedByCamera,
      Duration sweepInterval,
      Clock clock) {}

  public FrameInferenceProcessor(
      Topic<String, CameraFrame> frames,
      FrameInference inference,
      PipelineMetrics metrics,
      InferenceHealth health,
      CameraAdmission admission,
      CameraState cameraState) {
    this.frames = frames;
    this.inference = inference;
    this.metrics = metrics;
    this.health = health;
    this.admission = admission;
    this.cameraState = cameraState;
  }

  @Override
  public void init(ProcessorContext<String, Outcome<EstimatedFrame>> context) {
    this.context = context;
    this.registry = cameraState.registry().open(context);
    List<KeyValueStore<String, ?>> stores =
        cameraState.keyedByCamera().stream()
            .<KeyValueStore<String, ?>>map(context::getStateStore)
            .toList();
    CameraSweep.schedule(
        context, cameraState.sweepInterval(), cameraState.clock(), registry, stores);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.frameIn();
    String key = record.key() == null ? null : frames.decodeKey(record.key());
    Outcome<EstimatedFrame> outcome;
    try {
      outcome = Outcome.ok(estimate(key, record.value()));
    } catch (Rejection rejection) {
      outcome = failed(record, rejection.reason, rejection.getMessage());
    }
    if (outcome.isOk()) {
      metrics.frameOut(outcome.value().map());
    }
    context.forward(record.withKey(key).withValue(outcome));
  }

  private EstimatedFrame estimate(String key, byte[] value) {
    if (key == null) {
      throw new Rejection(
          DeadLetterReason.MISSING_KEY,
          "frame on topic '" + frames.name() + "' has no key; key frames by vehicleId/cameraId");
    }
    CameraFrame frame;
    try {
      frame = frames.decodeValue(value);
    } catch (SerializationException e) {
      throw new Rejection(DecodingFailures.reasonOf(e, value), e.getMessage());
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      throw new Rejection(DeadLetterReason.MALFORMED, "frame " + key + " does not decode: " + e);
    }
    if (frame == null) {
      throw new Rejection(
          DeadLetterReason.MALFORMED, "frame " + key + " has a null value (tombstone)");
    }
    String label = FrameInference.label(frame);
    admission
        .check(
            "frame " + label,
            key,
            frame.getVehicleId(),
            frame.getCameraId(),
            frame.getCaptureTime().toEpochMilli(),
            registry)
        .ifPresent(
            refusal -> {
              throw new Rejection(refusal.reason(), refusal.message());
            });
    try {
      EstimatedFrame estimated = inference.estimate(frame);
      health.record(true);
      return estimated;
    } catch (StaleFrameException e) {
      metrics.frameStale();
      throw new Rejection(DeadLetterReason.STALE, e.getMessage());
    } catch (ImageRejectedException e) {
      throw new Rejection(e.reason(), "frame " + label + ": " + e.getMessage());
    } catch (InferenceException e) {
      health.record(false);
      LOG.warn("inference failed for frame {}: {}", label, e.getMessage());
      throw new Rejection(
          DeadLetterReason.INFERENCE_FAILED, "frame " + label + ": " + e.getMessage());
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // An Error here is this frame's own allocation or recursion failing (the rest of the heap is
      // untouched once it unwinds): one dead letter, not a dead stream thread for every vehicle.
      health.record(false);
      LOG.warn("frame {} failed", label, e);
      throw new Rejection(DeadLetterReason.PROCESSING_FAILED, "frame " + label + ": " + e);
    }
  }

  private Outcome<EstimatedFrame> failed(
      Record<byte[], byte[]> record, String reason, String message) {
    return Outcome.failed(
        DeadLetter.of(context, frames.name(), record.key(), record.value(), reason, message));
  }

  /** A frame that cannot become a depth map, with the dead-letter reason. */
  private static final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient String reason;

    Rejection(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }
}
