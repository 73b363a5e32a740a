package io.depthstream.streams.topics;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * One Kafka topic as the service sees it: its configured name and the serdes of its key and value.
 * Input topics are consumed as raw bytes ({@link #consumedRaw}) and decoded inside a processor, so
 * a record that does not decode becomes a dead letter instead of stopping the stream thread.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a topic needs a name (set depthstream.topics.*)");
    }
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  /** Reads keys and values as the bytes on the wire; decoding happens where failures are routed. */
  public Consumed<byte[], byte[]> consumedRaw() {
    return Consumed.with(Serdes.ByteArray(), Serdes.ByteArray());
  }

  /** Writes with this topic's serdes. */
  public Produced<K, V> produced() {
    return Produced.with(keySerde, valueSerde);
  }

  /** Decodes a value read from this topic; throws the serde's exception on bad bytes. */
  public V decodeValue(byte[] value) {
    return valueSerde.deserializer().deserialize(name, value);
  }

  /** Encodes a value as it travels on this topic. */
  public byte[] encodeValue(V value) {
    return valueSerde.serializer().serialize(name, value);
  }

  /** Decodes a key read from this topic. */
  public K decodeKey(byte[] key) {
    return keySerde.deserializer().deserialize(name, key);
  }
}
