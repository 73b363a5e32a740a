package io.depthstream.cli.publish;

/** No Kafka broker answered at the bootstrap address; the message says how to get one. */
public final class BrokerUnreachableException extends RuntimeException {

  public BrokerUnreachableException(String message) {
    super(message);
  }
}
