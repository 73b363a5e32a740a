package io.depthstream.streams.models;

import io.depthstream.core.comparison.ComparisonMetric;
import io.depthstream.core.comparison.ConfidenceInterval;
import io.depthstream.core.comparison.PairedComparison;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.ModelComparison;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of {@code GET /api/models}; NaN (no data yet) is written as null. */
public record ModelsView(
    ModelView champion,
    List<ModelView> challengers,
    double challengerSample,
    String promoteWhen,
    boolean promotionEnabled,
    List<ComparisonView> comparisons,
    List<ChangeView> changes) {

  /** One model: what it is, where it runs, how fast, how much it has been scored. */
  public record ModelView(
      String id,
      String version,
      String provider,
      String directory,
      long framesInferred,
      Double inferenceMs,
      long framesScored,
      WindowView latestWindow) {}

  /** The newest closed window of a model (scope MODEL). */
  public record WindowView(
      long windowStart, long windowEnd, long frames, Double delta1, Double absRel, Double rmse) {
    static WindowView of(MetricsWindow w) {
      return w == null
          ? null
          : new WindowView(
              w.getWindowStart(),
              w.getWindowEnd(),
              w.getFrames(),
              orNull(w.getDelta1()),
              orNull(w.getAbsRel()),
              orNull(w.getRmse()));
    }
  }

  /** One metric's paired difference, challenger − champion. */
  public record DifferenceView(
      long pairs, Double mean, Double low, Double high, boolean excludesZero, String favours) {
    static DifferenceView of(ComparisonMetric metric, ConfidenceInterval ci) {
      String favours = "neither";
      if (ci.excludesZero()) {
        favours = metric.improvement(ci.mean()) > 0 ? "challenger" : "champion";
      }
      return new DifferenceView(
          ci.n(),
          orNull(ci.mean()),
          orNull(ci.low()),
          orNull(ci.high()),
          ci.excludesZero(),
          favours);
    }
  }

  /** A comparison of one challenger with the champion over a window or since start. */
  public record ComparisonView(
      String scope,
      String key,
      String championId,
      String challengerId,
      boolean cumulative,
      long windowStart,
      long windowEnd,
      Map<String, DifferenceView> differences) {
    public static ComparisonView of(ModelComparison c) {
      PairedComparison paired = ComparisonBoard.toPaired(c);
      Map<String, DifferenceView> differences = new LinkedHashMap<>();
      for (ComparisonMetric metric : ComparisonMetric.values()) {
        differences.put(
            metric.key(), DifferenceView.of(metric, paired.difference(metric).interval95()));
      }
      return new ComparisonView(
          c.getScope(),
          c.getScopeKey(),
          c.getChampionId(),
          c.getChallengerId(),
          c.getCumulative(),
          c.getWindowStart(),
          c.getWindowEnd(),
          differences);
    }
  }

  /** A change of champion. */
  public record ChangeView(
      String kind,
      long time,
      String actor,
      String reason,
      String instance,
      String oldModel,
      String newModel) {
    static ChangeView of(ModelChange c) {
      return new ChangeView(
          c.kind().name(),
          c.time().toEpochMilli(),
          c.actor(),
          c.reason(),
          c.instance(),
          c.oldModelId() + "@" + c.oldModelVersion(),
          c.newModelId() + "@" + c.newModelVersion());
    }
  }

  static Double orNull(double value) {
    return Double.isFinite(value) ? value : null;
  }

  /** The view of {@code catalog} and {@code board} now. */
  public static ModelsView of(ModelCatalog catalog, ComparisonBoard board, boolean promotion) {
    ModelCatalog.Lineup lineup = catalog.lineup();
    return new ModelsView(
        model(lineup.champion(), board),
        lineup.challengers().stream().map(m -> model(m, board)).toList(),
        catalog.sampling().fraction(),
        board.rule().map(Object::toString).orElse(null),
        promotion,
        board.latestComparisons().stream().map(ComparisonView::of).toList(),
        board.changes().stream().map(ChangeView::of).toList());
  }

  private static ModelView model(ServingModel m, ComparisonBoard board) {
    return new ModelView(
        m.id(),
        m.version(),
        m.provider(),
        m.bundle().directory().toString(),
        m.framesInferred(),
        orNull(m.meanInferenceMs()),
        board.framesScored(m.id()),
        WindowView.of(board.latestWindow(m.id()).orElse(null)));
  }
}
