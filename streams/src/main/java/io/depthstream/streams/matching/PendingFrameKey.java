package io.depthstream.streams.matching;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the pending-frames store, laid out so that byte order is capture-time order across all
 * cameras: 8 bytes of capture time (sign bit flipped, big-endian), 8 bytes of sequence, then the
 * UTF-8 record key. A range scan up to a time then yields exactly the frames whose window closed.
 */
public final class PendingFrameKey {

  private static final int PREFIX = 16;

  private PendingFrameKey() {}

  /** Between the camera key and the model id (which neither contains). */
  private static final char MODEL_SEPARATOR = '\u001F';

  /** The store key of a frame. */
  public static Bytes of(long captureTime, long sequence, String cameraKey) {
    return ofKey(captureTime, sequence, cameraKey);
  }

  /**
   * The store key of one model's map of a frame: the champion's and each challenger's map of the
   * same frame wait side by side and are decided one after the other, against the same scan.
   */
  public static Bytes of(long captureTime, long sequence, String cameraKey, String modelId) {
    return ofKey(captureTime, sequence, cameraKey + MODEL_SEPARATOR + modelId);
  }

  private static Bytes ofKey(long captureTime, long sequence, String cameraKey) {
    byte[] key = cameraKey.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(
        ByteBuffer.allocate(PREFIX + key.length)
            .putLong(captureTime ^ Long.MIN_VALUE)
            .putLong(sequence ^ Long.MIN_VALUE)
            .put(key)
            .array());
  }

  /** A bound below every key. */
  public static Bytes lowest() {
    return Bytes.wrap(new byte[0]);
  }

  /**
   * The smallest key above every frame captured at or before {@code time}: 8 bytes of time + 1,
   * which sorts before every full key with that time prefix (those are longer).
   */
  public static Bytes after(long time) {
    if (time == Long.MAX_VALUE) {
      byte[] all = new byte[PREFIX + 1];
      Arrays.fill(all, (byte) 0xFF);
      return Bytes.wrap(all);
    }
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong((time + 1) ^ Long.MIN_VALUE).array());
  }

  /** The capture time in a store key. */
  public static long captureTime(Bytes key) {
    return ByteBuffer.wrap(key.get()).getLong(0) ^ Long.MIN_VALUE;
  }

  /** The record key (vehicleId/cameraId) in a store key, without the model id if it has one. */
  public static String cameraKey(Bytes key) {
    byte[] bytes = key.get();
    String rest = new String(bytes, PREFIX, bytes.length - PREFIX, StandardCharsets.UTF_8);
    int model = rest.indexOf(MODEL_SEPARATOR);
    return model < 0 ? rest : rest.substring(0, model);
  }
}
