package io.depthstream.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder that refuses any length or item count larger than the bytes left in the record,
 * before anything is allocated.
 *
 * <p>Avro allocates a {@code bytes}, {@code string} or array buffer of the declared length first
 * and reads afterwards, so a 20-byte hostile record declaring a 2 GiB field would end in an {@link
 * OutOfMemoryError} that no Kafka deserialization handler catches. Every item of the arrays in
 * these schemas takes at least one byte, so a count above the remaining bytes is always a lie.
 */
final class BoundedDecoder extends Decoder {

  private final BinaryDecoder in;
  private final InputStream remaining;

  BoundedDecoder(BinaryDecoder in) {
    this.in = in;
    // A direct binary decoder reads no further ahead than asked, so available() is exact.
    this.remaining = in.inputStream();
  }

  private int checkedLength(long declared, String what) throws IOException {
    if (declared < 0) {
      throw new AvroRuntimeException(what + " declares a negative length " + declared);
    }
    int left = remaining.available();
    if (declared > left) {
      throw new EOFException(
          what + " declares " + declared + " bytes but only " + left + " remain");
    }
    return (int) declared;
  }

  private long checkedCount(long declared, String what) throws IOException {
    int left = remaining.available();
    if (declared > left) {
      throw new EOFException(
          what + " declares " + declared + " items but only " + left + " bytes remain");
    }
    return declared;
  }

  private byte[] readLengthPrefixed(String what) throws IOException {
    byte[] bytes = new byte[checkedLength(in.readLong(), what)];
    in.readFixed(bytes, 0, bytes.length);
    return bytes;
  }

  @Override
  public void readNull() throws IOException {
    in.readNull();
  }

  @Override
  public boolean readBoolean() throws IOException {
    return in.readBoolean();
  }

  @Override
  public int readInt() throws IOException {
    return in.readInt();
  }

  @Override
  public long readLong() throws IOException {
    return in.readLong();
  }

  @Override
  public float readFloat() throws IOException {
    return in.readFloat();
  }

  @Override
  public double readDouble() throws IOException {
    return in.readDouble();
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = checkedLength(in.readLong(), "a string field");
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    in.readFixed(result.getBytes(), 0, length);
    return result;
  }

  @Override
  public String readString() throws IOException {
    return new String(readLengthPrefixed("a string field"), StandardCharsets.UTF_8);
  }

  @Override
  public void skipString() throws IOException {
    in.skipString();
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    return ByteBuffer.wrap(readLengthPrefixed("a bytes field"));
  }

  @Override
  public void skipBytes() throws IOException {
    in.skipBytes();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    in.readFixed(bytes, start, length);
  }

  @Override
  public void skipFixed(int length) throws IOException {
    in.skipFixed(length);
  }

  @Override
  public int readEnum() throws IOException {
    return in.readEnum();
  }

  @Override
  public long readArrayStart() throws IOException {
    return checkedCount(in.readArrayStart(), "an array");
  }

  @Override
  public long arrayNext() throws IOException {
    return checkedCount(in.arrayNext(), "an array block");
  }

  @Override
  public long skipArray() throws IOException {
    return checkedCount(in.skipArray(), "an array");
  }

  @Override
  public long readMapStart() throws IOException {
    return checkedCount(in.readMapStart(), "a map");
  }

  @Override
  public long mapNext() throws IOException {
    return checkedCount(in.mapNext(), "a map block");
  }

  @Override
  public long skipMap() throws IOException {
    return checkedCount(in.skipMap(), "a map");
  }

  @Override
  public int readIndex() throws IOException {
    return in.readIndex();
  }
}
