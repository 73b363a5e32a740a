package io.depthstream.streams.models;

import io.depthstream.core.comparison.ComparisonMetric;
import io.depthstream.core.comparison.PairedComparison;
import io.depthstream.core.comparison.PairedDifference;
import io.depthstream.core.comparison.PromotionRule;
import io.depthstream.schemas.MetricDifference;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.schemas.ModelEventKind;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this instance knows of the models' live record, for {@code GET /api/models}, the page and
 * the automatic promotion rule: frames scored per model, the newest window per model, and the
 * newest comparison (windowed and cumulative) per scope and challenger, with a short history of
 * fleet-wide windowed differences for the chart. Fed by the topology as records pass; bounded by
 * the number of models, vehicles ({@code maxVehicles}) and history points.
 */
public final class ComparisonBoard {

  private static final Logger LOG = LoggerFactory.getLogger(ComparisonBoard.class);

  private final int maxVehicles;
  private final int historyPoints;
  private final Optional<PromotionRule> rule;
  private final Map<String, LongAdder> framesScored = new ConcurrentHashMap<>();
  private final Map<String, MetricsWindow> latestModelWindows = new ConcurrentHashMap<>();
  private final Map<String, ModelComparison> latest = new ConcurrentHashMap<>();
  private final Map<String, Deque<ModelComparison>> history = new ConcurrentHashMap<>();
  private final Deque<ModelChange> changes = new ArrayDeque<>();
  private volatile ModelCatalog catalog;
  private final List<java.util.function.Consumer<ModelComparison>> listeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  public ComparisonBoard(int maxVehicles, int historyPoints, Optional<PromotionRule> rule) {
    this.maxVehicles = maxVehicles;
    this.historyPoints = historyPoints;
    this.rule = rule;
  }

  /** The catalog the automatic rule promotes in; without one the rule only reports. */
  public void attach(ModelCatalog modelCatalog) {
    this.catalog = modelCatalog;
    modelCatalog.onChange(this::changed);
  }

  public Optional<PromotionRule> rule() {
    return rule;
  }

  public void frameScored(String modelId) {
    framesScored.computeIfAbsent(modelId, k -> new LongAdder()).increment();
  }

  public long framesScored(String modelId) {
    LongAdder adder = framesScored.get(modelId);
    return adder == null ? 0 : adder.sum();
  }

  /** Keeps the newest MODEL-scope window of each model. */
  public void window(MetricsWindow window) {
    if (window.getScope() == MetricsScope.MODEL) {
      latestModelWindows.merge(
          window.getModelId(),
          window,
          (old, next) -> next.getWindowEnd() >= old.getWindowEnd() ? next : old);
    }
  }

  public Optional<MetricsWindow> latestWindow(String modelId) {
    return Optional.ofNullable(latestModelWindows.get(modelId));
  }

  /** Also hands every comparison to {@code listener} (the Prometheus gauges). */
  public void onComparison(java.util.function.Consumer<ModelComparison> listener) {
    listeners.add(listener);
  }

  /** Records a comparison as it is published; a cumulative fleet one is put to the rule. */
  public void comparison(ModelComparison comparison) {
    listeners.forEach(l -> l.accept(comparison));
    String key = key(comparison);
    boolean vehicle = "VEHICLE".equals(comparison.getScope());
    if (vehicle && !latest.containsKey(key) && vehicleCount() >= 3L * maxVehicles) {
      return; // one entry per vehicle, windowed and cumulative, per challenger at most: bounded
    }
    latest.put(key, comparison);
    if (!vehicle && !comparison.getCumulative()) {
      Deque<ModelComparison> points =
          history.computeIfAbsent(comparison.getChallengerId(), k -> new ArrayDeque<>());
      synchronized (points) {
        points.addLast(comparison);
        while (points.size() > historyPoints) {
          points.removeFirst();
        }
      }
    }
    if (!vehicle && comparison.getCumulative()) {
      judge(comparison);
    }
  }

  private long vehicleCount() {
    return latest.values().stream().filter(c -> "VEHICLE".equals(c.getScope())).count();
  }

  private void judge(ModelComparison comparison) {
    ModelCatalog models = catalog;
    if (rule.isEmpty() || models == null) {
      return;
    }
    if (!models.champion().id().equals(comparison.getChampionId())
        || models.find(comparison.getChallengerId()).isEmpty()) {
      return; // a comparison against an earlier champion
    }
    PromotionRule.Verdict verdict = rule.get().judge(toPaired(comparison));
    if (verdict.promote()) {
      try {
        models.promote(
            comparison.getChallengerId(),
            ModelEventKind.AUTO_PROMOTED,
            "rule " + rule.get(),
            verdict.reason());
      } catch (RuntimeException e) {
        LOG.warn(
            "automatic promotion of {} failed: {}", comparison.getChallengerId(), e.toString());
      }
    }
  }

  /** The comparison as mergeable accumulators again. */
  public static PairedComparison toPaired(ModelComparison comparison) {
    Map<ComparisonMetric, PairedDifference> parts = new EnumMap<>(ComparisonMetric.class);
    for (MetricDifference d : comparison.getDifferences()) {
      ComparisonMetric metric = ComparisonMetric.parse(d.getMetric());
      parts.put(metric, PairedDifference.of(d.getPairs(), d.getMean(), d.getM2()));
    }
    return PairedComparison.of(parts);
  }

  private static String key(ModelComparison c) {
    return c.getScope()
        + "/"
        + c.getScopeKey()
        + "/"
        + c.getChallengerId()
        + "/"
        + c.getChampionId()
        + "/"
        + (c.getCumulative() ? "cumulative" : "window");
  }

  public List<ModelComparison> latestComparisons() {
    return new ArrayList<>(latest.values());
  }

  /** Fleet-wide windowed comparisons of {@code challengerId}, oldest first. */
  public List<ModelComparison> history(String challengerId) {
    Deque<ModelComparison> points = history.get(challengerId);
    if (points == null) {
      return List.of();
    }
    synchronized (points) {
      return new ArrayList<>(points);
    }
  }

  private void changed(ModelChange change) {
    synchronized (changes) {
      changes.addLast(change);
      while (changes.size() > 50) {
        changes.removeFirst();
      }
    }
  }

  /** The newest champion changes on this instance, oldest first. */
  public List<ModelChange> changes() {
    synchronized (changes) {
      return new ArrayList<>(changes);
    }
  }
}
