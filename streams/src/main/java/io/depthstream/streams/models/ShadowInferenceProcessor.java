package io.depthstream.streams.models;

import io.depthstream.core.inference.DepthPredictor;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.CameraKey;
import io.depthstream.streams.inference.EstimatedFrame;
import io.depthstream.streams.inference.FrameInference;
import io.depthstream.streams.topics.Topic;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the challengers on the sampled camera frames, beside the champion's inference: one estimated
 * frame per challenger and sampled frame, for {@code depth.maps.shadow} and the matcher. A frame
 * the champion's path refuses (undecodable, stale, a wrong key) is skipped here without a dead
 * letter — the champion's path writes the one letter that frame gets — and a challenger that fails
 * on a frame only loses that frame's comparison, so shadow models never add dead letters or stop
 * the stream.
 */
public final class ShadowInferenceProcessor
    implements Processor<byte[], byte[], String, EstimatedFrame> {

  private static final Logger LOG = LoggerFactory.getLogger(ShadowInferenceProcessor.class);

  private final Topic<String, CameraFrame> frames;
  private final ModelCatalog catalog;
  private final Function<DepthPredictor, FrameInference> inference;
  private ProcessorContext<String, EstimatedFrame> context;

  /**
   * @param inference makes the champion's {@link FrameInference} for another estimator, so that a
   *     challenger's maps are decoded, checked and encoded exactly as the champion's are
   */
  public ShadowInferenceProcessor(
      Topic<String, CameraFrame> frames,
      ModelCatalog catalog,
      Function<DepthPredictor, FrameInference> inference) {
    this.frames = frames;
    this.catalog = catalog;
    this.inference = inference;
  }

  @Override
  public void init(ProcessorContext<String, EstimatedFrame> processorContext) {
    this.context = processorContext;
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    if (record.key() == null
        || record.value() == null
        || catalog.lineup().challengers().isEmpty()) {
      return;
    }
    String key;
    CameraFrame frame;
    try {
      key = frames.decodeKey(record.key());
      frame = frames.decodeValue(record.value());
    } catch (RuntimeException e) {
      return; // the champion's path dead-letters it
    }
    if (frame == null || !key.equals(CameraKey.of(frame.getVehicleId(), frame.getCameraId()))) {
      return;
    }
    List<ServingModel.Lease> leases = catalog.challengerLeases(key, frame.getSequence());
    for (ServingModel.Lease lease : leases) {
      try (lease) {
        EstimatedFrame estimated = inference.apply(lease.estimator()).estimate(frame);
        lease.model().recordInference(estimated.map().getInferenceMs());
        context.forward(record.withKey(key).withValue(estimated));
      } catch (RuntimeException | OutOfMemoryError e) {
        LOG.debug(
            "challenger {} skipped frame {}: {}",
            lease.model().id(),
            FrameInference.label(frame),
            e.toString());
      }
    }
  }
}
