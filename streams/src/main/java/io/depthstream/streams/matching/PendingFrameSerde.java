package io.depthstream.streams.matching;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.schemas.DepthMap;
import io.depthstream.streams.inference.EstimatedFrame;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How a frame waiting for ground truth is kept in the pending-frames store and its changelog: the
 * depth-map record without its PNG, then the prediction at model resolution as raw floats.
 *
 * <pre>
 * byte    format (1)
 * int     length of the record, then the record (depth.maps' Avro encoding, empty depth_png)
 * int     width, int height of the prediction
 * float[] width × height metres, row-major
 * </pre>
 *
 * Big-endian throughout. A 64×48 prediction makes about 12.5 KB where the full map's PNG was about
 * 190 KB a frame, written to the changelog and deleted again for every frame (issue 12).
 */
public final class PendingFrameSerde implements Serde<EstimatedFrame> {

  private static final byte FORMAT = 1;

  private final Serde<DepthMap> records;

  /**
   * @param records the serde of {@code depth.maps} records
   */
  public PendingFrameSerde(Serde<DepthMap> records) {
    this.records = records;
  }

  @Override
  public Serializer<EstimatedFrame> serializer() {
    return (topic, frame) -> {
      if (frame == null) {
        return null;
      }
      byte[] record = records.serializer().serialize(topic, frame.withoutPng().map());
      DepthImage prediction = frame.modelResolution();
      float[] metres = prediction.metres();
      ByteBuffer out = ByteBuffer.allocate(1 + 4 + record.length + 8 + metres.length * 4);
      out.put(FORMAT).putInt(record.length).put(record);
      out.putInt(prediction.width()).putInt(prediction.height());
      out.asFloatBuffer().put(metres);
      return out.array();
    };
  }

  @Override
  public Deserializer<EstimatedFrame> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      try {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT) {
          throw new SerializationException(
              "pending frame in format " + format + ", this version reads " + FORMAT);
        }
        byte[] record = new byte[in.getInt()];
        in.get(record);
        DepthMap map = records.deserializer().deserialize(topic, record);
        int width = in.getInt();
        int height = in.getInt();
        if (width <= 0 || height <= 0 || (long) width * height * 4 != in.remaining()) {
          throw new SerializationException(
              "pending frame's prediction claims "
                  + width
                  + "x"
                  + height
                  + " but holds "
                  + in.remaining()
                  + " bytes");
        }
        float[] metres = new float[width * height];
        in.asFloatBuffer().get(metres);
        return new EstimatedFrame(map, new DepthImage(width, height, metres));
      } catch (RuntimeException e) {
        if (e instanceof SerializationException) {
          throw e;
        }
        throw new SerializationException("pending frame does not decode: " + e, e);
      }
    };
  }
}
