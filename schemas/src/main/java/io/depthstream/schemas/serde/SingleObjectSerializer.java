package io.depthstream.schemas.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a generated Avro record in Avro single-object encoding: {@code C3 01}, the 8-byte
 * little-endian CRC-64-AVRO fingerprint of the schema, then the binary body. A null record (a
 * tombstone) is written as a null value.
 */
public final class SingleObjectSerializer<T extends SpecificRecord> implements Serializer<T> {

  /**
   * A thread's buffer is kept between records up to this size. Records are written into it and
   * copied out once; a fresh 256-byte stream per record grew by doubling, which copied every depth
   * map and LiDAR sweep about twice more (4-8 % of the stream threads' CPU samples in the LiDAR
   * drain, BENCHMARKS.md twentieth run). A record larger than this still works; its buffer is
   * dropped afterwards, so one huge record does not pin memory on its thread. The buffer is the
   * thread's, shared by every serializer (encoding is synchronous and never nested), so a thread
   * keeps at most this much however many record types it writes.
   */
  static final int KEPT_BUFFER_BYTES = 4 << 20;

  private static final int FIRST_BUFFER_BYTES = 8 << 10;

  private static final ThreadLocal<Buffer> BUFFERS = ThreadLocal.withInitial(Buffer::new);

  private final Schema schema;
  private final BinaryMessageEncoder<T> encoder;

  public SingleObjectSerializer(Class<T> type) {
    SpecificData model = SpecificData.getForClass(type);
    this.schema = model.getSchema(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    Buffer out = BUFFERS.get();
    out.reset();
    try {
      encoder.encode(record, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (AvroRuntimeException | NullPointerException | ClassCastException e) {
      throw new SerializationException(
          "topic '"
              + topic
              + "': cannot serialize "
              + schema.getName()
              + " ("
              + e.getMessage()
              + "); build records with "
              + schema.getName()
              + ".newBuilder() so every field without a default is set",
          e);
    } finally {
      if (out.capacity() > KEPT_BUFFER_BYTES) {
        BUFFERS.remove();
      }
    }
    return out.toByteArray();
  }

  /** Bytes the calling thread's buffer holds on to now (for tests). */
  int threadBufferBytes() {
    return BUFFERS.get().capacity();
  }

  /** A byte stream that says how much it holds on to. */
  static final class Buffer extends ByteArrayOutputStream {
    Buffer() {
      super(FIRST_BUFFER_BYTES);
    }

    int capacity() {
      return buf.length;
    }
  }
}
