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
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
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
    }
    return out.toByteArray();
  }
}
