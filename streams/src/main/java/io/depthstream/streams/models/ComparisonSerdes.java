package io.depthstream.streams.models;

import io.depthstream.core.comparison.ComparisonMetric;
import io.depthstream.core.comparison.PairedComparison;
import io.depthstream.core.comparison.PairedDifference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Binary forms of the comparison's internal records (the repartition topic of paired frames and the
 * stores' changelogs), each led by a format byte so that a changed format is refused with the fix
 * rather than misread.
 */
public final class ComparisonSerdes {

  private static final byte PAIRED_FRAME_FORMAT = 1;
  private static final byte TALLY_FORMAT = 1;
  private static final int TALLY_LENGTH =
      1 + 2 * Long.BYTES + ComparisonMetric.values().length * (Long.BYTES + 2 * Double.BYTES);

  private ComparisonSerdes() {}

  public static Serde<PairedFrame> pairedFrame() {
    return Serdes.serdeFrom(
        (topic, f) -> {
          if (f == null) {
            return null;
          }
          byte[] vehicle = f.vehicleId().getBytes(StandardCharsets.UTF_8);
          byte[] champion = f.championId().getBytes(StandardCharsets.UTF_8);
          byte[] challenger = f.challengerId().getBytes(StandardCharsets.UTF_8);
          ByteBuffer out =
              ByteBuffer.allocate(
                  1
                      + 3 * Integer.BYTES
                      + vehicle.length
                      + champion.length
                      + challenger.length
                      + Long.BYTES
                      + 6 * Double.BYTES);
          out.put(PAIRED_FRAME_FORMAT);
          putBytes(out, vehicle);
          putBytes(out, champion);
          putBytes(out, challenger);
          out.putLong(f.captureTime())
              .putDouble(f.championDelta1())
              .putDouble(f.championAbsRel())
              .putDouble(f.championRmse())
              .putDouble(f.challengerDelta1())
              .putDouble(f.challengerAbsRel())
              .putDouble(f.challengerRmse());
          return out.array();
        },
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          try {
            ByteBuffer in = ByteBuffer.wrap(data);
            requireFormat(in.get(), PAIRED_FRAME_FORMAT, topic, "paired frame");
            String vehicle = getString(in);
            String champion = getString(in);
            String challenger = getString(in);
            return new PairedFrame(
                vehicle,
                in.getLong(),
                champion,
                challenger,
                in.getDouble(),
                in.getDouble(),
                in.getDouble(),
                in.getDouble(),
                in.getDouble(),
                in.getDouble());
          } catch (RuntimeException e) {
            throw new SerializationException(
                "topic '" + topic + "': not a paired frame (" + e.getMessage() + ")", e);
          }
        });
  }

  public static Serde<ComparisonTally> tally() {
    return Serdes.serdeFrom(
        (topic, t) -> {
          if (t == null) {
            return null;
          }
          ByteBuffer out = ByteBuffer.allocate(TALLY_LENGTH);
          out.put(TALLY_FORMAT).putLong(t.firstCapture()).putLong(t.lastCapture());
          for (ComparisonMetric metric : ComparisonMetric.values()) {
            PairedDifference d = t.comparison().difference(metric);
            out.putLong(d.n()).putDouble(d.n() == 0 ? 0 : d.mean()).putDouble(d.m2());
          }
          return out.array();
        },
        (topic, data) -> {
          if (data == null) {
            return null;
          }
          if (data.length != TALLY_LENGTH) {
            throw new SerializationException(
                "topic '"
                    + topic
                    + "': not a comparison tally ("
                    + TALLY_LENGTH
                    + " bytes), got "
                    + data.length
                    + "; reset the application's state if the format changed");
          }
          ByteBuffer in = ByteBuffer.wrap(data);
          requireFormat(in.get(), TALLY_FORMAT, topic, "comparison tally");
          long first = in.getLong();
          long last = in.getLong();
          Map<ComparisonMetric, PairedDifference> parts = new EnumMap<>(ComparisonMetric.class);
          for (ComparisonMetric metric : ComparisonMetric.values()) {
            parts.put(metric, PairedDifference.of(in.getLong(), in.getDouble(), in.getDouble()));
          }
          return new ComparisonTally(PairedComparison.of(parts), first, last);
        });
  }

  private static void putBytes(ByteBuffer out, byte[] bytes) {
    out.putInt(bytes.length).put(bytes);
  }

  private static String getString(ByteBuffer in) {
    int length = in.getInt();
    if (length < 0 || length > in.remaining()) {
      throw new IllegalArgumentException("a string of " + length + " bytes does not fit");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void requireFormat(byte actual, byte expected, String topic, String what) {
    if (actual != expected) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': "
              + what
              + " format "
              + actual
              + ", this service reads "
              + expected
              + "; reset the application's state if the format changed");
    }
  }
}
