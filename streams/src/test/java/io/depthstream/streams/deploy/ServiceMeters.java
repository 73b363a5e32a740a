package io.depthstream.streams.deploy;

import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.MetricDifference;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.streams.models.ComparisonGauges;
import io.depthstream.streams.observability.PipelineMetrics;
import io.depthstream.streams.observability.WindowGauges;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metric names /q/metrics shows, as Prometheus sees them: every meter of {@link
 * PipelineMetrics} and {@link WindowGauges} registered in the same Prometheus registry the service
 * uses, each lazily-registered one triggered once, then scraped. A meter added to those classes
 * needs a line in {@link #scrapeNames()} before dashboards and alerts may use it.
 */
final class ServiceMeters {

  private ServiceMeters() {}

  /** Every series name of the scrape, e.g. {@code depthstream_dlq_total}, {@code _bucket} too. */
  // quarkus-micrometer-registry-prometheus 3.34 ships this (simpleclient) registry, deprecated in
  // Micrometer in favour of the prometheus-metrics one: the names must be rendered as /q/metrics
  // does.
  @SuppressWarnings("deprecation")
  static Set<String> scrapeNames() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    PipelineMetrics pipeline = new PipelineMetrics(registry);
    pipeline.modelLoaded("densedepth-169-nyu", "1.0.0", "CPU");
    pipeline.frameIn();
    DepthMap map = new DepthMap();
    map.setInferenceMs(25.0);
    map.setEndToEndMs(120.0);
    pipeline.frameOut(map);
    pipeline.frameStale();
    pipeline.scanIn();
    pipeline.scanProjected();
    pipeline.frameScored();
    pipeline.frameUnscored("no-ground-truth");
    pipeline.deadLetter("corrupt", "camera.frames");
    // One series per scope, and a second vehicle past the cap of one to register the drop counter.
    WindowGauges gauges = new WindowGauges(registry, 1, 1);
    gauges.record(window(MetricsScope.VEHICLE, "v0"));
    gauges.record(window(MetricsScope.VEHICLE, "v1"));
    gauges.record(window(MetricsScope.MODEL, "densedepth-169-nyu"));
    gauges.record(window(MetricsScope.FLEET, "fleet"));
    new ComparisonGauges(registry)
        .record(
            ModelComparison.newBuilder()
                .setScope("FLEET")
                .setScopeKey("fleet")
                .setChampionId("densedepth-169-nyu")
                .setChallengerId("densedepth-121-nyu")
                .setCumulative(true)
                .setWindowStart(0)
                .setWindowEnd(10_000)
                .setDifferences(
                    List.of(
                        MetricDifference.newBuilder()
                            .setMetric("abs_rel")
                            .setPairs(100)
                            .setMean(-0.01)
                            .setM2(0.1)
                            .setLow(-0.02)
                            .setHigh(0.0)
                            .build()))
                .build());

    Set<String> names = new TreeSet<>();
    for (String line : registry.scrape().split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int end = line.indexOf('{');
      names.add((end < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, end)).trim());
    }
    return names;
  }

  /** Values of the {@code scope} label: the MetricsScope names as WindowGauges writes them. */
  static Set<String> scopes() {
    Set<String> scopes = new TreeSet<>();
    Arrays.stream(MetricsScope.values()).forEach(s -> scopes.add(s.name().toLowerCase()));
    return scopes;
  }

  private static MetricsWindow window(MetricsScope scope, String key) {
    return MetricsWindow.newBuilder()
        .setScope(scope)
        .setScopeKey(key)
        .setModelId("densedepth-169-nyu")
        .setWindowStart(0)
        .setWindowEnd(60_000)
        .setFrames(1)
        .setDelta1(0.85)
        .setDelta2(0.97)
        .setDelta3(0.99)
        .setAbsRel(0.12)
        .setSqRel(0.07)
        .setRmse(0.46)
        .setRmseLog(0.16)
        .setLog10(0.05)
        .setSilog(14)
        .build();
  }
}
