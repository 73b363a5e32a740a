package io.depthstream.trainer.report;

import io.depthstream.core.metrics.DepthMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The comparison table in the layout of the DenseDepth paper's Table 1 — accuracy δ1 δ2 δ3 (higher
 * is better, ↑) then errors rel, sq-rel, rms, rms-log, log10, SILog (lower is better, ↓) — widened
 * with the depth boundary error of iBims-1 (DBE acc, DBE comp in pixels, lower is better; only when
 * some run has one, i.e. the test set has dense ground truth), parameter count and inference time.
 * The best value of each column among the runs is bold; a column where every run scores the same
 * has none. Parameter counts are not ranked. Reference rows (published numbers) are shown in
 * italics and do not compete.
 */
final class MetricsTable {

  /** A column; {@code ranked} columns get their best value in bold. */
  private record Column(
      String header,
      boolean ranked,
      boolean higherIsBetter,
      String format,
      ToDoubleFunction<ModelRun> value) {}

  private static final List<Column> METRIC_COLUMNS =
      List.of(
          new Column("δ1 ↑", true, true, "%.3f", r -> r.metrics().delta1()),
          new Column("δ2 ↑", true, true, "%.3f", r -> r.metrics().delta2()),
          new Column("δ3 ↑", true, true, "%.3f", r -> r.metrics().delta3()),
          new Column("rel ↓", true, false, "%.3f", r -> r.metrics().absRel()),
          new Column("sq-rel ↓", true, false, "%.3f", r -> r.metrics().sqRel()),
          new Column("rms ↓", true, false, "%.3f", r -> r.metrics().rmse()),
          new Column("rms-log ↓", true, false, "%.3f", r -> r.metrics().rmseLog()),
          new Column("log10 ↓", true, false, "%.3f", r -> r.metrics().log10()),
          new Column("SILog ↓", true, false, "%.2f", r -> r.metrics().silog()));

  private static final List<Column> BOUNDARY_COLUMNS =
      List.of(
          new Column("DBE acc ↓", true, false, "%.2f", r -> r.metrics().dbeAccuracy()),
          new Column("DBE comp ↓", true, false, "%.2f", r -> r.metrics().dbeCompleteness()));

  private static final List<Column> COST_COLUMNS =
      List.of(
          new Column(
              "params",
              false,
              false,
              "params",
              r -> r.parameters() > 0 ? r.parameters() : Double.NaN),
          new Column("ms/frame ↓", true, false, "%.1f", ModelRun::msPerFrame));

  private final List<ModelRun> runs;
  private final List<ModelRun> references;
  private final List<Column> columns;

  MetricsTable(List<ModelRun> runs, List<ModelRun> references) {
    this.runs = runs;
    this.references = references;
    List<Column> shown = new ArrayList<>(METRIC_COLUMNS);
    if (runs.stream().anyMatch(r -> r.metrics().hasBoundaryError())) {
      shown.addAll(BOUNDARY_COLUMNS);
    }
    shown.addAll(COST_COLUMNS);
    this.columns = List.copyOf(shown);
  }

  /** Every header, "Model" first. */
  List<String> headers() {
    List<String> h = new ArrayList<>(List.of("Model"));
    columns.forEach(c -> h.add(c.header()));
    return h;
  }

  String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", headers())).append(" |\n");
    out.append("|---").append("|---:".repeat(columns.size())).append("|\n");
    for (ModelRun run : runs) {
      out.append("| ").append(escapeMarkdown(run.name()));
      for (Column c : columns) {
        String cell = cell(c, run);
        out.append(" | ").append(isBest(c, run) ? "**" + cell + "**" : cell);
      }
      out.append(" |\n");
    }
    for (ModelRun ref : references) {
      out.append("| *").append(escapeMarkdown(ref.name())).append("*");
      for (Column c : columns) {
        out.append(" | ").append(cell(c, ref));
      }
      out.append(" |\n");
    }
    return out.toString();
  }

  String html() {
    StringBuilder out = new StringBuilder("<table class=\"metrics\">\n<thead><tr>");
    for (String h : headers()) {
      out.append("<th>").append(Html.escape(h)).append("</th>");
    }
    out.append("</tr></thead>\n<tbody>\n");
    for (ModelRun run : runs) {
      out.append("<tr><td>").append(Html.escape(run.name())).append("</td>");
      for (Column c : columns) {
        String cell = Html.escape(cell(c, run));
        out.append("<td>").append(isBest(c, run) ? "<b>" + cell + "</b>" : cell).append("</td>");
      }
      out.append("</tr>\n");
    }
    for (ModelRun ref : references) {
      out.append("<tr class=\"reference\"><td><i>")
          .append(Html.escape(ref.name()))
          .append("</i></td>");
      for (Column c : columns) {
        out.append("<td>").append(Html.escape(cell(c, ref))).append("</td>");
      }
      out.append("</tr>\n");
    }
    return out.append("</tbody>\n</table>\n").toString();
  }

  private boolean isBest(Column c, ModelRun run) {
    double v = c.value().applyAsDouble(run);
    if (!c.ranked() || Double.isNaN(v)) {
      return false;
    }
    boolean beatsSome = false;
    for (ModelRun other : runs) {
      double o = c.value().applyAsDouble(other);
      if (!Double.isNaN(o) && (c.higherIsBetter() ? o > v : o < v)) {
        return false;
      }
      beatsSome |= !Double.isNaN(o) && o != v;
    }
    return beatsSome;
  }

  private static String cell(Column c, ModelRun run) {
    double v = c.value().applyAsDouble(run);
    if (Double.isNaN(v)) {
      return "–";
    }
    return c.format().equals("params")
        ? parameters((long) v)
        : String.format(Locale.ROOT, c.format(), v);
  }

  /** 42_600_000 → "42.6M", 850_000 → "850K". */
  static String parameters(long n) {
    if (n >= 1_000_000) {
      return String.format(Locale.ROOT, "%.1fM", n / 1e6);
    }
    if (n >= 1_000) {
      return String.format(Locale.ROOT, "%.0fK", n / 1e3);
    }
    return Long.toString(n);
  }

  private static String escapeMarkdown(String s) {
    return s.replace("|", "\\|");
  }

  /** The DenseDepth paper's NYU row (Table 1, DenseDepth-169 with flip test); the rest unknown. */
  static DepthMetrics denseDepthPaperNyu() {
    double n = Double.NaN;
    return new DepthMetrics(0.846, 0.974, 0.994, 0.123, n, 0.465, n, 0.053, n, 0);
  }
}
