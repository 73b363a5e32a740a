package io.depthstream.streams.models;

import io.depthstream.schemas.MetricDifference;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.streams.meters.MeterNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fleet-wide paired comparison as gauges, for Grafana's model-comparison row: {@code
 * depthstream.models.difference{challenger, champion, metric, bound}} with bound {@code mean},
 * {@code low} and {@code high} of the 95 % interval over the newest closed window ({@code
 * over="window"}) and since start ({@code over="total"}), and {@code depthstream.models.pairs} with
 * the number of frames behind each. Only fleet-wide comparisons: one series set per challenger and
 * champion, so the label count stays that of the models loaded.
 */
public final class ComparisonGauges {

  private final MeterRegistry registry;
  private final Map<String, Latest> series = new ConcurrentHashMap<>();

  public ComparisonGauges(MeterRegistry registry) {
    this.registry = registry;
  }

  public void record(ModelComparison comparison) {
    if (!"FLEET".equals(comparison.getScope())) {
      return;
    }
    String over = comparison.getCumulative() ? "total" : "window";
    for (MetricDifference d : comparison.getDifferences()) {
      String key =
          comparison.getChallengerId()
              + '\u001F'
              + comparison.getChampionId()
              + '\u001F'
              + over
              + '\u001F'
              + d.getMetric();
      series.computeIfAbsent(
                  key,
                  k ->
                      register(
                          comparison.getChallengerId(),
                          comparison.getChampionId(),
                          over,
                          d.getMetric()))
              .difference =
          d;
    }
  }

  private Latest register(String challenger, String champion, String over, String metric) {
    Latest latest = new Latest();
    for (String bound : new String[] {"mean", "low", "high"}) {
      Gauge.builder(MeterNames.MODELS_DIFFERENCE, latest, l -> l.value(bound))
          .description("Paired difference challenger - champion, fleet-wide, with its 95% interval")
          .tag("challenger", challenger)
          .tag("champion", champion)
          .tag("over", over)
          .tag("metric", metric)
          .tag("bound", bound)
          .register(registry);
    }
    Gauge.builder(MeterNames.MODELS_PAIRS, latest, Latest::pairs)
        .description("Frames both models scored behind the paired difference")
        .tag("challenger", challenger)
        .tag("champion", champion)
        .tag("over", over)
        .tag("metric", metric)
        .register(registry);
    return latest;
  }

  private static final class Latest {
    private volatile MetricDifference difference;

    double value(String bound) {
      MetricDifference d = difference;
      if (d == null) {
        return Double.NaN;
      }
      return switch (bound) {
        case "low" -> d.getLow();
        case "high" -> d.getHigh();
        default -> d.getMean();
      };
    }

    double pairs() {
      MetricDifference d = difference;
      return d == null ? 0 : d.getPairs();
    }
  }
}
