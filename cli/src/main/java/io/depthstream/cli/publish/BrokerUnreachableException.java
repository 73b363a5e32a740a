package io.depthstream.cli.publish;

import java.time.Duration;

/** No Kafka broker answered at the bootstrap address; the message says how to get one. */
public final class BrokerUnreachableException extends RuntimeException {

  public BrokerUnreachableException(String bootstrap, Duration timeout, String why) {
    super(
        "no Kafka broker answered at "
            + bootstrap
            + " within "
            + timeout.toSeconds()
            + " s ("
            + why
            + "). Fix: start one with ./depthstream serve (it runs a broker on "
            + KafkaAccess.DEFAULT_BOOTSTRAP
            + "), or point at yours with --bootstrap-servers host:port or KAFKA_BOOTSTRAP_SERVERS");
  }
}
