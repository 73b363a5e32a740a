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
 * the image count, valid pixels, skipped images, the nine sums as doubles (big-endian), then the
 * number of images with a depth boundary error and its two sums, so a restored window continues
 * exactly where it stopped. Format 1 (without the boundary error) is still read, from state written
 * before it existed, as a window without boundary errors so far.
 */
public final class MetricsAccumulatorSerde implements Serde<MetricsAccumulator> {

  private static final byte FORMAT = 2;
  private static final byte FORMAT_1 = 1;
  private static final int LENGTH_1 = 1 + 3 * Long.BYTES + DepthMetrics.COUNT * Double.BYTES;
  private static final int LENGTH = LENGTH_1 + Long.BYTES + 2 * Double.BYTES;

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
      out.putLong(acc.boundaryCount());
      for (double sum : acc.boundarySums()) {
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
      boolean current = data.length == LENGTH && data[0] == FORMAT;
      boolean format1 = data.length == LENGTH_1 && data[0] == FORMAT_1;
      if (!current && !format1) {
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
      if (format1) {
        return MetricsAccumulator.of(count, validPixels, skipped, sums);
      }
      long boundaryCount = in.getLong();
      double[] boundarySums = {in.getDouble(), in.getDouble()};
      return MetricsAccumulator.of(count, validPixels, skipped, sums, boundaryCount, boundarySums);
    };
  }
}
