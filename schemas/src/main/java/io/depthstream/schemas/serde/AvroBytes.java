package io.depthstream.schemas.serde;

import java.nio.ByteBuffer;

/**
 * Avro hands a {@code bytes} field over as a {@link ByteBuffer} whose position a reader would move;
 * every reader of a record's pictures, depth PNGs and point clouds copies it out through here.
 */
public final class AvroBytes {

  private AvroBytes() {}

  /** The bytes of an Avro {@code bytes} field, without disturbing its buffer. */
  public static byte[] toArray(ByteBuffer buffer) {
    ByteBuffer view = buffer.duplicate();
    byte[] out = new byte[view.remaining()];
    view.get(out);
    return out;
  }
}
