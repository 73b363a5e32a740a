package io.depthstream.streams.observability;

import io.depthstream.streams.config.DepthstreamConfig;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

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

  /** Wall clock for freshness and end-to-end latency; tests pass their own. */
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }
}
