package io.depthstream.streams.observability;

import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.failures.StreamThreadFailures;
import io.depthstream.streams.failures.StreamsErrorExit;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;

/** The service's meters, gauges and clock as CDI beans, built on Quarkus' meter registry. */
@ApplicationScoped
public class ObservabilityProducer {

  @Produces
  @Singleton
  PipelineMetrics pipelineMetrics(MeterRegistry registry) {
    return new PipelineMetrics(registry);
  }

  @Produces
  @Singleton
  WindowGauges windowGauges(MeterRegistry registry, DepthstreamConfig config) {
    return new WindowGauges(
        registry, config.metrics().maxVehicleLabels(), config.metrics().maxModelLabels());
  }

  @Produces
  @Singleton
  InferenceHealth inferenceHealth(DepthstreamConfig config) {
    return new InferenceHealth(
        config.health().inferenceWindow(), config.health().inferenceFailureRatio());
  }

  /** Thread deaths: replaced a few times, then Kafka Streams shuts down (and so the process). */
  @Produces
  @Singleton
  StreamsUncaughtExceptionHandler streamThreadFailures() {
    return StreamThreadFailures.defaults();
  }

  /** Kafka Streams in ERROR ends the process, so that its supervisor restarts it. */
  @Produces
  @Singleton
  KafkaStreams.StateListener streamsErrorExit(DepthstreamConfig config) {
    return new StreamsErrorExit(config.health().exitOnStreamsError(), Quarkus::asyncExit);
  }

  /** Wall clock for freshness and end-to-end latency; tests pass their own. */
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
