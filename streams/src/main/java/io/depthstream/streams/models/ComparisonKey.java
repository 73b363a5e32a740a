package io.depthstream.streams.models;

import java.util.List;

/**
 * What one comparison groups by: a scope ({@code VEHICLE} or {@code FLEET}), which vehicle or
 * fleet, and the challenger and champion compared. Encoded as one string (parts joined by U+001F,
 * which ids do not contain), the grouping key; the topic's key is {@link #topicKey()}.
 */
public record ComparisonKey(String scope, String scopeKey, String challengerId, String championId) {

  private static final char SEPARATOR = '\u001F';

  /** The two comparisons a paired frame counts in: its vehicle's and the fleet's. */
  public static List<ComparisonKey> of(PairedFrame frame, String fleetKey) {
    return List.of(
        new ComparisonKey("VEHICLE", frame.vehicleId(), frame.challengerId(), frame.championId()),
        new ComparisonKey("FLEET", fleetKey, frame.challengerId(), frame.championId()));
  }

  public String encode() {
    return scope + SEPARATOR + scopeKey + SEPARATOR + challengerId + SEPARATOR + championId;
  }

  public static ComparisonKey decode(String encoded) {
    String[] parts = encoded.split(String.valueOf(SEPARATOR), 4);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not a comparison key: '" + encoded + "'");
    }
    return new ComparisonKey(parts[0], parts[1], parts[2], parts[3]);
  }

  /** {@code scope/scopeKey/challengerId}: the key on {@code depth.models.comparison}. */
  public String topicKey() {
    return scope + "/" + scopeKey + "/" + challengerId;
  }
}
