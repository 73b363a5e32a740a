package io.depthstream.streams.dlq;

import java.util.Objects;

/**
 * What a processing step made of one record: a value to pass on, or a {@link DeadLetter} saying why
 * not. Processors forward outcomes instead of throwing, so the topology can route failures to the
 * dead-letter topic while good records keep flowing.
 */
public sealed interface Outcome<V> {

  /** A successfully processed value. */
  static <V> Outcome<V> ok(V value) {
    return new Ok<>(value);
  }

  /** A record that could not be processed. */
  static <V> Outcome<V> failed(DeadLetter letter) {
    return new Failed<>(letter);
  }

  /** True for {@link Ok}. */
  default boolean isOk() {
    return this instanceof Ok;
  }

  /** The value of an {@link Ok}; throws for a {@link Failed}. */
  default V value() {
    if (this instanceof Ok<V> ok) {
      return ok.result();
    }
    throw new IllegalStateException(
        "a failed outcome has no value: " + ((Failed<V>) this).letter());
  }

  /** The dead letter of a {@link Failed}; throws for an {@link Ok}. */
  default DeadLetter letter() {
    if (this instanceof Failed<V> failed) {
      return failed.deadLetter();
    }
    throw new IllegalStateException("an ok outcome has no dead letter");
  }

  /** A value to pass on. */
  record Ok<V>(V result) implements Outcome<V> {
    public Ok {
      Objects.requireNonNull(result, "result");
    }
  }

  /** A record that goes to the dead-letter topic. */
  record Failed<V>(DeadLetter deadLetter) implements Outcome<V> {
    public Failed {
      Objects.requireNonNull(deadLetter, "deadLetter");
    }
  }
}
