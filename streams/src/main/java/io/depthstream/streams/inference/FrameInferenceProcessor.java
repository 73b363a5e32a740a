package io.depthstream.streams.inference;

import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.inference.InferenceException;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.streams.dlq.DeadLetter;
import io.depthstream.streams.dlq.DeadLetterReason;
import io.depthstream.streams.dlq.DecodingFailures;
import io.depthstream.streams.dlq.Outcome;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.topics.Topic;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code camera.frames} as raw bytes and forwards, per record, either the frame's depth map
 * or a dead letter: Avro decoding happens here rather than in a source serde so that bad bytes cost
 * one DLQ record, not the stream thread.
 */
public final class FrameInferenceProcessor
    implements Processor<byte[], byte[], String, Outcome<DepthMap>> {

  private static final Logger LOG = LoggerFactory.getLogger(FrameInferenceProcessor.class);

  private final Topic<String, CameraFrame> frames;
  private final FrameInference inference;
  private final PipelineMetrics metrics;
  private ProcessorContext<String, Outcome<DepthMap>> context;

  public FrameInferenceProcessor(
      Topic<String, CameraFrame> frames, FrameInference inference, PipelineMetrics metrics) {
    this.frames = frames;
    this.inference = inference;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, Outcome<DepthMap>> context) {
    this.context = context;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    metrics.frameIn();
    String key = record.key() == null ? null : frames.decodeKey(record.key());
    Outcome<DepthMap> outcome;
    try {
      outcome = Outcome.ok(estimate(key, record.value()));
    } catch (Rejection rejection) {
      outcome = failed(record, rejection.reason, rejection.getMessage());
    }
    if (outcome.isOk()) {
      DepthMap map = outcome.value();
      metrics.frameOut(map);
    }
    context.forward(record.withKey(key).withValue(outcome));
  }

  private DepthMap estimate(String key, byte[] value) {
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
    }
    if (frame == null) {
      throw new Rejection(
          DeadLetterReason.MALFORMED, "frame " + key + " has a null value (tombstone)");
    }
    try {
      return inference.estimate(frame);
    } catch (StaleFrameException e) {
      metrics.frameStale();
      throw new Rejection(DeadLetterReason.STALE, e.getMessage());
    } catch (ImageRejectedException e) {
      throw new Rejection(
          e.reason(), "frame " + FrameInference.label(frame) + ": " + e.getMessage());
    } catch (InferenceException e) {
      LOG.warn("inference failed for frame {}: {}", FrameInference.label(frame), e.getMessage());
      throw new Rejection(
          DeadLetterReason.INFERENCE_FAILED,
          "frame " + FrameInference.label(frame) + ": " + e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("frame {} failed", FrameInference.label(frame), e);
      throw new Rejection(
          DeadLetterReason.PROCESSING_FAILED, "frame " + FrameInference.label(frame) + ": " + e);
    }
  }

  private Outcome<DepthMap> failed(Record<byte[], byte[]> record, String reason, String message) {
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
