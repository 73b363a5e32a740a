package io.depthstream.streams.windows;

import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.MetricsAccumulator;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Stores a {@link MetricsAccumulator} in window state stores and their changelogs: a format byte,
 * the image count, valid pixels, skipped images, then the nine sums as doubles (big-endian), so a
 * restored window continues exactly where it stopped.
 */
public final class MetricsAccumulatorSerde implements Serde<MetricsAccumulator> {

  private static final byte FORMAT = 1;
  private static final int LENGTH = 1 + 3 * Long.BYTES + DepthMetrics.COUNT * Double.BYTES;

  @Override
  public Serializer<MetricsAccumulator> serializer() {
    return (topic, acc) -> {
      if (acc == null) {
        return null;
      }
      ByteBuffer out = ByteBuffer.allocate(LENGTH);
      out.put(FORMAT).putLong(acc.count()).putLong(acc.validPixels()).putLong(acc.skipped());
      for (double sum : acc.sums()) {
        out.putDouble(sum);
      }
      return out.array();
    };
  }

  @Override
  public Deserializer<MetricsAccumulator> deserializer() {
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      if (data.length != LENGTH || data[0] != FORMAT) {
        throw new SerializationException(
            "topic '"
                + topic
                + "': not a metrics accumulator (format "
                + FORMAT
                + ", "
                + LENGTH
                + " bytes), got "
                + data.length
                + " bytes; reset the application's state if the format changed");
      }
      ByteBuffer in = ByteBuffer.wrap(data, 1, data.length - 1);
      long count = in.getLong();
      long validPixels = in.getLong();
      long skipped = in.getLong();
      double[] sums = new double[DepthMetrics.COUNT];
      for (int i = 0; i < sums.length; i++) {
        sums[i] = in.getDouble();
      }
      return MetricsAccumulator.of(count, validPixels, skipped, sums);
    };
  }
}
