package io.depthstream.schemas.serde;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a generated Avro record from Avro single-object encoding. Records written with the current
 * schema, with any {@link SchemaHistory older version} of it, or with a schema the optional {@link
 * SchemaStore} knows are resolved to the current class (fields added since get their defaults).
 * Anything else raises a {@link RecordDecodingException} that says what was found; a null value (a
 * tombstone) reads as null.
 */
public final class SingleObjectDeserializer<T extends SpecificRecord> implements Deserializer<T> {

  /** Marker + fingerprint: the fixed part of every single-object encoded value. */
  static final int HEADER_LENGTH = 10;

  private static final HexFormat HEX = HexFormat.ofDelimiter(" ").withUpperCase();

  private final Schema schema;
  private final long fingerprint;
  private final Set<Long> bundledFingerprints = new LinkedHashSet<>();
  private final BinaryMessageDecoder<T> decoder;

  public SingleObjectDeserializer(Class<T> type) {
    this(type, null);
  }

  /**
   * @param type the generated class to read into
   * @param store where to look up writer schemas that are neither current nor in the history; may
   *     be null
   */
  public SingleObjectDeserializer(Class<T> type, SchemaStore store) {
    SpecificData generated = SpecificData.getForClass(type);
    this.schema = generated.getSchema(type);
    this.fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    this.decoder =
        new BinaryMessageDecoder<>(
            new BoundedSpecificData(generated, type.getClassLoader()), schema, store);
    bundledFingerprints.add(fingerprint);
    for (Schema older : SchemaHistory.olderVersions(schema)) {
      decoder.addSchema(older);
      bundledFingerprints.add(SchemaNormalization.parsingFingerprint64(older));
    }
  }

  /** The schema records are read into. */
  public Schema schema() {
    return schema;
  }

  /** Fingerprints of the current schema and its bundled older versions, current first. */
  public List<Long> knownFingerprints() {
    return List.copyOf(bundledFingerprints);
  }

  @Override
  public T deserialize(String topic, byte[] data) {
    if (data == null) {
      return null;
    }
    checkHeader(topic, data);
    ByteArrayInputStream in = new ByteArrayInputStream(data);
    T record;
    try {
      record = decoder.decode(in, null);
    } catch (MissingSchemaException e) {
      throw failure(topic, unknownFingerprint(data), e);
    } catch (Exception e) {
      throw failure(topic, bodyProblem(data, e), e);
    }
    if (in.available() > 0) {
      throw failure(
          topic,
          in.available()
              + " bytes are left over after the record ends (of "
              + data.length
              + "): the body was written with a different schema than its fingerprint says."
              + " Fix: the producer must encode with the very schema it fingerprints",
          null);
    }
    return record;
  }

  private void checkHeader(String topic, byte[] data) {
    if (data.length >= 2 && (data[0] != (byte) 0xC3 || data[1] != (byte) 0x01)) {
      throw failure(
          topic,
          "the value starts with "
              + HEX.formatHex(data, 0, Math.min(data.length, 4))
              + " instead of the single-object marker C3 01. Fix: encode values in Avro"
              + " single-object encoding (AvroSerdes in Java; schemas/README.md for other"
              + " languages); plain Avro binary, JSON and schema-registry framing (first byte 00)"
              + " are not accepted",
          null);
    }
    if (data.length < HEADER_LENGTH) {
      throw failure(
          topic,
          "truncated after "
              + data.length
              + " bytes, inside the 10-byte single-object header (C3 01 + 8-byte fingerprint)."
              + " Fix: send the whole serialized record as the Kafka value",
          null);
    }
  }

  private String unknownFingerprint(byte[] data) {
    long found = readFingerprint(data);
    String known =
        bundledFingerprints.stream()
            .map(SingleObjectDeserializer::hex)
            .collect(Collectors.joining(", "));
    return "found schema fingerprint "
        + hex(found)
        + " (header bytes "
        + HEX.formatHex(data, 0, HEADER_LENGTH)
        + "), which is none of the versions this consumer knows ("
        + known
        + "). Fix: the producer wrote with another schema; publish with the schema in"
        + " schemas/README.md, or, if it is a compatible newer or older version, add it under"
        + " schemas/src/main/resources"
        + SchemaHistory.RESOURCE_FOLDER
        + " or pass a SchemaStore that has it";
  }

  private String bodyProblem(byte[] data, Exception e) {
    String detail = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    if (hasEof(e)) {
      return "truncated after "
          + data.length
          + " bytes: the body ends before the record does"
          + (detail != null ? " (" + detail + ")" : "")
          + ". Fix: send the whole serialized record as the Kafka value; check max.message.bytes"
          + " and that the producer does not cut values short";
    }
    return "the "
        + (data.length - HEADER_LENGTH)
        + "-byte body does not decode as the schema its fingerprint "
        + hex(readFingerprint(data))
        + " names ("
        + e.getClass().getSimpleName()
        + (detail != null ? ": " + detail : "")
        + "). Fix: the producer must encode the body with the same schema it fingerprints";
  }

  private static boolean hasEof(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof EOFException) {
        return true;
      }
    }
    return false;
  }

  private RecordDecodingException failure(String topic, String problem, Exception cause) {
    String message =
        "topic '"
            + topic
            + "': cannot decode a "
            + schema.getName()
            + " (expected schema "
            + schema.getFullName()
            + ", fingerprint "
            + hex(fingerprint)
            + "): "
            + problem;
    return cause == null
        ? new RecordDecodingException(message)
        : new RecordDecodingException(message, cause);
  }

  /** The fingerprint in a header: bytes 2..9, little-endian. */
  static long readFingerprint(byte[] data) {
    long value = 0;
    for (int i = HEADER_LENGTH - 1; i >= 2; i--) {
      value = (value << 8) | (data[i] & 0xFF);
    }
    return value;
  }

  static String hex(long fingerprint) {
    return String.format("0x%016X", fingerprint);
  }
}
