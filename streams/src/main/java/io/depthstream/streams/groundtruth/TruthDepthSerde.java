package io.depthstream.streams.groundtruth;

import io.depthstream.core.depth.SparseDepthCodec;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.serde.AvroBytes;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * How the {@code ground-truth} store and its changelog keep a {@link TruthDepth}:
 *
 * <pre>
 * byte    format (1)
 * byte    kind: 1 sparse (projected LiDAR), 2 depth PNG (a depth sensor's image)
 * long    capture time, epoch ms
 * sparse: the SparseDepthCodec encoding (its own format byte, size, scale, pixels, depths)
 * PNG:    double scale (metres per unit), then the producer's PNG bytes to the end
 * </pre>
 *
 * Big-endian. Sparse depth is read back as {@link TruthDepth.Deferred} and decoded when a frame is
 * scored against it. Versions before issue 12 kept the whole {@code GroundTruth} record there, in
 * Avro single-object encoding (first bytes C3 01, never this format's first byte), with projected
 * LiDAR as a 16-bit PNG: such a value, read back from the changelog after an upgrade, becomes a
 * {@link TruthDepth.DepthPng} and scores exactly as it did before.
 */
public final class TruthDepthSerde implements Serde<TruthDepth> {

  private static final byte FORMAT = 1;
  private static final byte SPARSE = 1;
  private static final byte DEPTH_PNG = 2;

  /** Format, kind and capture time. */
  private static final int HEADER_BYTES = 2 + 8;

  /** The first byte of Avro's single-object encoding, what earlier versions stored. */
  private static final byte SINGLE_OBJECT_MARKER = (byte) 0xC3;

  private final Serde<GroundTruth> previousFormat;
  private final ImageLimits limits;

  /**
   * @param previousFormat the serde of {@code lidar.scans} records, for values stored before
   * @param limits size limits for the sparse maps read back
   */
  public TruthDepthSerde(Serde<GroundTruth> previousFormat, ImageLimits limits) {
    this.previousFormat = previousFormat;
    this.limits = limits;
  }

  @Override
  public Serializer<TruthDepth> serializer() {
    return (topic, truth) -> {
      if (truth == null) {
        return null;
      }
      if (truth instanceof TruthDepth.Sparse sparse) {
        byte[] depth = SparseDepthCodec.encode(sparse.depth(), sparse.scale());
        return ByteBuffer.allocate(2 + 8 + depth.length)
            .put(FORMAT)
            .put(SPARSE)
            .putLong(sparse.captureTime())
            .put(depth)
            .array();
      }
      TruthDepth.DepthPng image = (TruthDepth.DepthPng) truth;
      return ByteBuffer.allocate(2 + 8 + 8 + image.png().length)
          .put(FORMAT)
          .put(DEPTH_PNG)
          .putLong(image.captureTime())
          .putDouble(image.scale())
          .put(image.png())
          .array();
    };
  }

  @Override
  public Deserializer<TruthDepth> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      if (bytes.length > 0 && bytes[0] == SINGLE_OBJECT_MARKER) {
        return fromPreviousFormat(previousFormat.deserializer().deserialize(topic, bytes));
      }
      try {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        byte format = in.get();
        if (format != FORMAT) {
          throw new SerializationException(
              "ground truth in store format " + format + ", this version reads " + FORMAT);
        }
        byte kind = in.get();
        long captureTime = in.getLong();
        if (kind == SPARSE) {
          // Decoded when scored, not when read: the matcher reads every candidate of a window.
          return new TruthDepth.Deferred(captureTime, () -> sparse(captureTime, bytes));
        }
        if (kind == DEPTH_PNG) {
          double scale = in.getDouble();
          byte[] png = new byte[in.remaining()];
          in.get(png);
          return new TruthDepth.DepthPng(captureTime, png, scale);
        }
        throw new SerializationException("ground truth of unknown kind " + kind);
      } catch (RuntimeException e) {
        if (e instanceof SerializationException) {
          throw e;
        }
        throw new SerializationException("stored ground truth does not decode: " + e, e);
      }
    };
  }

  private TruthDepth.Sparse sparse(long captureTime, byte[] bytes) {
    byte[] depth = Arrays.copyOfRange(bytes, HEADER_BYTES, bytes.length);
    try {
      return new TruthDepth.Sparse(
          captureTime, SparseDepthCodec.decode(depth, limits), SparseDepthCodec.scaleOf(depth));
    } catch (RuntimeException e) {
      throw new SerializationException("stored sparse ground truth does not decode: " + e, e);
    }
  }

  /** A value stored before issue 12: always a depth image, since projection made one. */
  static TruthDepth fromPreviousFormat(GroundTruth stored) {
    if (stored.getKind() != GroundTruthKind.DEPTH_IMAGE) {
      throw new SerializationException(
          "stored ground truth "
              + GroundTruthProjection.label(stored)
              + " is a "
              + stored.getKind()
              + "; the store only ever held depth images");
    }
    return new TruthDepth.DepthPng(
        stored.getCaptureTime().toEpochMilli(),
        AvroBytes.toArray(stored.getDepthPng()),
        stored.getDepthScale());
  }
}
