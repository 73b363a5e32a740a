package io.depthstream.schemas.serde;

import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serde for one generated Avro record type in Avro single-object encoding. */
public final class SingleObjectSerde<T extends SpecificRecord> implements Serde<T> {

  private final Class<T> type;
  private final SingleObjectSerializer<T> serializer;
  private final SingleObjectDeserializer<T> deserializer;

  public SingleObjectSerde(Class<T> type, SchemaStore store) {
    this.type = type;
    this.serializer = new SingleObjectSerializer<>(type);
    this.deserializer = new SingleObjectDeserializer<>(type, store);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  @Override
  public String toString() {
    return "SingleObjectSerde[" + type.getSimpleName() + "]";
  }
}
