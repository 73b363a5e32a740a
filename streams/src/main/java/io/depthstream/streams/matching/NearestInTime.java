package io.depthstream.streams.matching;

import java.util.Iterator;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;

/**
 * Picks, among timestamped candidates, the one closest in time to a target: smallest |t − target|,
 * and on a tie the earlier candidate (it was certainly observed before the frame was taken, which
 * is the conservative choice for a moving vehicle; and it makes the choice independent of arrival
 * order).
 */
public final class NearestInTime {

  private NearestInTime() {}

  /** The nearest of {@code candidates} (timestamp → value) to {@code target}, if any. */
  public static <V> Optional<KeyValue<Long, V>> pick(
      long target, Iterator<KeyValue<Long, V>> candidates) {
    KeyValue<Long, V> best = null;
    long bestDistance = Long.MAX_VALUE;
    while (candidates.hasNext()) {
      KeyValue<Long, V> candidate = candidates.next();
      long distance = Math.abs(candidate.key - target);
      if (distance < bestDistance || (distance == bestDistance && candidate.key < best.key)) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }
}
