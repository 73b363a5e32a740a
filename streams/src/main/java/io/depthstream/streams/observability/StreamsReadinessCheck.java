package io.depthstream.streams.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the pipeline: up only while Kafka Streams is RUNNING, so a load balancer stops
 * sending queries to an instance that is rebalancing or restoring its stores (the extension's own
 * state check is a liveness check, which stays up through a rebalance).
 */
@Readiness
@ApplicationScoped
public class StreamsReadinessCheck implements HealthCheck {

  private final KafkaStreams streams;

  @Inject
  public StreamsReadinessCheck(KafkaStreams streams) {
    this.streams = streams;
  }

  @Override
  public HealthCheckResponse call() {
    KafkaStreams.State state = streams.state();
    return HealthCheckResponse.named("depth pipeline")
        .status(state == KafkaStreams.State.RUNNING)
        .withData("state", state.name())
        .build();
  }
}
