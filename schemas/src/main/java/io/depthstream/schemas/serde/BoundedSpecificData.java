package io.depthstream.schemas.serde;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.Decoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The data model of the generated classes, except that every datum reader it makes reads through a
 * {@link BoundedDecoder}. {@code BinaryMessageDecoder} asks its model for readers, so this is where
 * the length checks plug in without re-implementing single-object decoding.
 */
final class BoundedSpecificData extends SpecificData {

  /**
   * @param generated the generated classes' own model, whose conversions are reused
   * @param recordLoader the loader of the generated record class: Avro resolves record classes by
   *     name through it, and under split class loaders (Quarkus dev and test mode) any other loader
   *     yields a second copy of the class and a ClassCastException on every decode
   */
  BoundedSpecificData(SpecificData generated, ClassLoader recordLoader) {
    super(recordLoader);
    // The generated model carries the logical-type conversions (timestamp-millis -> Instant).
    generated.getConversions().forEach(this::addLogicalTypeConversion);
  }

  @Override
  public DatumReader<?> createDatumReader(Schema writer, Schema reader) {
    return new BoundedReader<>(writer, reader, this);
  }

  @Override
  public DatumReader<?> createDatumReader(Schema schema) {
    return createDatumReader(schema, schema);
  }

  private static final class BoundedReader<T> extends SpecificDatumReader<T> {

    BoundedReader(Schema writer, Schema reader, SpecificData data) {
      super(writer, reader, data);
    }

    @Override
    public T read(T reuse, Decoder in) throws IOException {
      return super.read(
          reuse, in instanceof BinaryDecoder binary ? new BoundedDecoder(binary) : in);
    }
  }
}
