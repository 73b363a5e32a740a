package io.depthstream.streams.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class WindowGaugesTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final WindowGauges gauges = new WindowGauges(registry, 2, 1);

  @Test
  void showsTheLatestWindowPerScopeAndKey() {
    gauges.record(window(MetricsScope.VEHICLE, "v1", 0.80));
    gauges.record(window(MetricsScope.VEHICLE, "v1", 0.85));

    assertThat(
            registry
                .get("depthstream.window.delta1")
                .tag("scope", "vehicle")
                .tag("key", "v1")
                .gauge()
                .value())
        .isEqualTo(0.85);
    assertThat(registry.get("depthstream.window.abs_rel").tag("key", "v1").gauge().value())
        .isEqualTo(0.1);
  }

  @Test
  void aVehicleHasOneSeriesPerModel() {
    gauges.record(window(MetricsScope.VEHICLE, "v1", 0.80));
    gauges.record(
        MetricsWindow.newBuilder(window(MetricsScope.VEHICLE, "v1", 0.60)).setModelId("c").build());
    gauges.record(window(MetricsScope.VEHICLE, "v1", 0.85));

    assertThat(registry.get("depthstream.window.delta1").tag("model", "m").gauge().value())
        .isEqualTo(0.85);
    assertThat(registry.get("depthstream.window.delta1").tag("model", "c").gauge().value())
        .isEqualTo(0.60);
  }

  @Test
  void capsTheNumberOfSeriesPerScopeAndCountsWhatItDrops() {
    gauges.record(window(MetricsScope.VEHICLE, "v1", 0.8));
    gauges.record(window(MetricsScope.VEHICLE, "v2", 0.8));
    gauges.record(window(MetricsScope.VEHICLE, "v3", 0.8));
    gauges.record(window(MetricsScope.MODEL, "m1", 0.8));
    gauges.record(window(MetricsScope.MODEL, "m2", 0.8));
    gauges.record(window(MetricsScope.FLEET, "fleet", 0.8));

    assertThat(registry.find("depthstream.window.delta1").tag("scope", "vehicle").gauges())
        .hasSize(2);
    assertThat(registry.find("depthstream.window.delta1").tag("scope", "model").gauges())
        .hasSize(1);
    assertThat(registry.find("depthstream.window.delta1").tag("scope", "fleet").gauges())
        .hasSize(1);
    assertThat(
            registry
                .get("depthstream.window.labels.dropped")
                .tag("scope", "vehicle")
                .counter()
                .count())
        .isEqualTo(1);
    assertThat(
            registry
                .get("depthstream.window.labels.dropped")
                .tag("scope", "model")
                .counter()
                .count())
        .isEqualTo(1);
  }

  @Test
  void modelGaugeNamesTheProvider() {
    new PipelineMetrics(registry).modelLoaded("dd-169", "1.0", "CUDA");
    assertThat(
            registry
                .get("depthstream.model.info")
                .tag("provider", "CUDA")
                .tag("model", "dd-169")
                .gauge()
                .value())
        .isEqualTo(1.0);
  }

  private static MetricsWindow window(MetricsScope scope, String key, double delta1) {
    return MetricsWindow.newBuilder()
        .setScope(scope)
        .setScopeKey(key)
        .setModelId("m")
        .setWindowStart(0)
        .setWindowEnd(10_000)
        .setFrames(3)
        .setDelta1(delta1)
        .setDelta2(0.9)
        .setDelta3(0.95)
        .setAbsRel(0.1)
        .setSqRel(0.05)
        .setRmse(0.4)
        .setRmseLog(0.1)
        .setLog10(0.05)
        .setSilog(10)
        .build();
  }
}
