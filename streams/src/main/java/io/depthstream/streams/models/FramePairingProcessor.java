package io.depthstream.streams.models;

import io.depthstream.schemas.CameraKey;
import io.depthstream.schemas.FrameMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs each challenger's score of a frame with the champion's score of the same frame (same
 * camera, same sequence, scored against the same ground truth by the matcher). Scores wait in a
 * changelogged store keyed {@code camera␟sequence␟model} until their partner arrives, in either
 * order; the champion's waits only on frames the challengers sample, and anything older than the
 * retention (by stream time) is dropped, so the store holds at most a retention's worth of sampled
 * frames. The champion is the one at pairing time: frames scored in the seconds around a promotion
 * may be paired with the roles after it.
 */
public final class FramePairingProcessor
    implements Processor<String, FrameMetrics, String, PairedFrame> {

  /** What the pairing asks of the catalog. */
  public interface Roles {
    String championId();

    boolean sampled(String cameraKey, long sequence);
  }

  private static final char SEPARATOR = '\u001F';
  private static final StringSerializer KEYS = new StringSerializer();

  private final String storeName;
  private final Roles roles;
  private final long retentionMs;
  private ProcessorContext<String, PairedFrame> context;
  private KeyValueStore<String, FrameMetrics> store;

  public FramePairingProcessor(String storeName, Roles roles, Duration retention) {
    this.storeName = storeName;
    this.roles = roles;
    this.retentionMs = retention.toMillis();
  }

  @Override
  public void init(ProcessorContext<String, PairedFrame> processorContext) {
    this.context = processorContext;
    this.store = processorContext.getStateStore(storeName);
    Duration every = Duration.ofMillis(Math.max(1000, Math.min(10_000, retentionMs / 4)));
    processorContext.schedule(every, PunctuationType.STREAM_TIME, this::expire);
  }

  @Override
  public void process(Record<String, FrameMetrics> record) {
    FrameMetrics scores = record.value();
    if (scores == null) {
      return;
    }
    String camera = CameraKey.of(scores.getVehicleId(), scores.getCameraId());
    String prefix = camera + SEPARATOR + scores.getSequence() + SEPARATOR;
    String champion = roles.championId();
    if (scores.getModelId().equals(champion)) {
      List<KeyValue<String, FrameMetrics>> waiting = new ArrayList<>();
      try (KeyValueIterator<String, FrameMetrics> it = store.prefixScan(prefix, KEYS)) {
        it.forEachRemaining(waiting::add);
      }
      for (KeyValue<String, FrameMetrics> challenger : waiting) {
        if (!challenger.value.getModelId().equals(champion)) {
          context.forward(
              record.withKey(camera).withValue(PairedFrame.of(scores, challenger.value)));
          store.delete(challenger.key);
        }
      }
      if (roles.sampled(camera, scores.getSequence())) {
        store.put(prefix + champion, scores); // for challengers still to come
      }
    } else {
      FrameMetrics championScores = store.get(prefix + champion);
      if (championScores != null) {
        context.forward(record.withKey(camera).withValue(PairedFrame.of(championScores, scores)));
      } else {
        store.put(prefix + scores.getModelId(), scores);
      }
    }
  }

  private void expire(long streamTime) {
    long oldest = streamTime - retentionMs;
    List<String> expired = new ArrayList<>();
    try (KeyValueIterator<String, FrameMetrics> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, FrameMetrics> entry = it.next();
        if (entry.value.getCaptureTime().toEpochMilli() < oldest) {
          expired.add(entry.key);
        }
      }
    }
    expired.forEach(store::delete);
  }
}
