package io.depthstream.trainer.report;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.metrics.DepthMetrics;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * A side-by-side comparison of trained models, written as {@code report.md} and {@code report.html}
 * beside its figures: the metrics table in the DenseDepth paper's layout, training curves ({@code
 * training-loss.png}, {@code validation-delta1.png}), a qualitative grid ({@code qualitative.png})
 * and what was run and how long it took.
 *
 * <pre>{@code
 * ComparisonReport.builder()
 *     .title("NYU Depth v2: DenseNet-169 vs DenseNet-121")
 *     .evaluation("654 Eigen test images, Eigen crop, depth capped at 10 m, flip test")
 *     .run("densedepth-169", 42_600_000, 48.2, metrics169, curve169)
 *     .run("densedepth-121", 31_100_000, 35.0, metrics121, curve121)
 *     .qualitative(examples)
 *     .execution("./depthstream compare ...", "nyu_data.zip")
 *     .duration("train densedepth-169", Duration.ofHours(3))
 *     .write(Path.of("reports/nyu"));
 * }</pre>
 */
public final class ComparisonReport {

  public static final String MARKDOWN = "report.md";
  public static final String HTML = "report.html";
  public static final String LOSS_PLOT = "training-loss.png";
  public static final String DELTA1_PLOT = "validation-delta1.png";
  public static final String QUALITATIVE = "qualitative.png";

  private final Builder b;

  private ComparisonReport(Builder builder) {
    this.b = builder;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects the runs and context of a report; {@link #write} renders it. */
  public static final class Builder {
    private String title = "Model comparison";
    private String evaluation = "";
    private final List<ModelRun> runs = new ArrayList<>();
    private final List<ModelRun> references = new ArrayList<>();
    private final List<QualitativeExample> examples = new ArrayList<>();
    private String commandLine = "";
    private String dataset = "";
    private final Map<String, Duration> durations = new LinkedHashMap<>();
    private Colormap colormap = Colormap.TURBO;
    private double[] depthRange;
    private int cellWidth = 240;

    private Builder() {}

    public Builder title(String title) {
      this.title = Objects.requireNonNull(title);
      return this;
    }

    /** How the numbers were measured, e.g. data set, crop, depth cap, flip test. */
    public Builder evaluation(String description) {
      this.evaluation = Objects.requireNonNull(description);
      return this;
    }

    /**
     * Adds a model.
     *
     * @param parameters trainable parameters (0 if unknown)
     * @param msPerFrame measured inference milliseconds per frame (NaN if not measured)
     * @param curve training curve in step order (empty if not trained here)
     */
    public Builder run(
        String name,
        long parameters,
        double msPerFrame,
        DepthMetrics metrics,
        List<CurvePoint> curve) {
      if (runs.stream().anyMatch(r -> r.name().equals(name))) {
        throw new IllegalArgumentException("model '" + name + "' is already in the report");
      }
      runs.add(new ModelRun(name, parameters, msPerFrame, metrics, curve));
      return this;
    }

    /** A published row for context (in italics, not ranked); NaN scores show as "–". */
    public Builder reference(String name, long parameters, DepthMetrics metrics) {
      references.add(new ModelRun(name, parameters, Double.NaN, metrics, List.of()));
      return this;
    }

    /** The DenseDepth paper's NYU Depth v2 numbers (Table 1, DenseNet-169 encoder). */
    public Builder denseDepthPaperReference() {
      return reference(
          "DenseDepth paper (NYU, Table 1)", 42_600_000, MetricsTable.denseDepthPaperNyu());
    }

    /** Rows of the qualitative grid, in order; predictions keyed by run name. */
    public Builder qualitative(List<QualitativeExample> rows) {
      examples.addAll(rows);
      return this;
    }

    public Builder execution(String commandLine, String dataset) {
      this.commandLine = Objects.requireNonNull(commandLine);
      this.dataset = Objects.requireNonNull(dataset);
      return this;
    }

    /** How long one stage took (training a model, evaluating, exporting...), in report order. */
    public Builder duration(String stage, Duration took) {
      durations.put(stage, took);
      return this;
    }

    public Builder colormap(Colormap colormap) {
      this.colormap = Objects.requireNonNull(colormap);
      return this;
    }

    /**
     * The shared depth range of the grid in metres; default: 1st–99th percentile of ground truth.
     */
    public Builder depthRange(double minMetres, double maxMetres) {
      if (!(minMetres < maxMetres)) {
        throw new IllegalArgumentException(
            "depth range needs min < max, got " + minMetres + ".." + maxMetres);
      }
      this.depthRange = new double[] {minMetres, maxMetres};
      return this;
    }

    /** Width of one grid cell in pixels (default 240). */
    public Builder cellWidth(int pixels) {
      if (pixels < 16) {
        throw new IllegalArgumentException("grid cells need at least 16 pixels, got " + pixels);
      }
      this.cellWidth = pixels;
      return this;
    }

    /** Renders the report into {@code dir} (created if needed); returns the files written. */
    public List<Path> write(Path dir) {
      if (runs.isEmpty()) {
        throw new IllegalStateException("a comparison report needs at least one run()");
      }
      return new ComparisonReport(this).writeTo(dir);
    }
  }

  private List<Path> writeTo(Path dir) {
    try {
      Files.createDirectories(dir);
      List<Path> written = new ArrayList<>();
      boolean curves = b.runs.stream().anyMatch(r -> !r.curve().isEmpty());
      if (curves) {
        written.add(png(lossPlot().render(900, 520), dir.resolve(LOSS_PLOT)));
        written.add(png(delta1Plot().render(900, 520), dir.resolve(DELTA1_PLOT)));
      }
      double[] range = null;
      if (!b.examples.isEmpty()) {
        range = b.depthRange != null ? b.depthRange : QualitativeGrid.defaultRange(b.examples);
        // Models with no prediction in any row (e.g. a metrics-only baseline) get no column.
        List<String> models =
            b.runs.stream()
                .map(ModelRun::name)
                .filter(m -> b.examples.stream().anyMatch(e -> e.predictions().containsKey(m)))
                .toList();
        written.add(
            png(
                QualitativeGrid.render(
                    b.examples, models, b.colormap, range[0], range[1], b.cellWidth),
                dir.resolve(QUALITATIVE)));
      }
      MetricsTable table = new MetricsTable(b.runs, b.references);
      Path md = dir.resolve(MARKDOWN);
      Files.writeString(md, markdown(table, curves, range));
      written.add(md);
      Path html = dir.resolve(HTML);
      Files.writeString(html, html(table, curves, range));
      written.add(html);
      return written;
    } catch (IOException e) {
      throw new UncheckedIOException("writing the comparison report into " + dir, e);
    }
  }

  private static Path png(BufferedImage image, Path file) throws IOException {
    if (!ImageIO.write(image, "png", file.toFile())) {
      throw new IOException("no PNG writer available for " + file);
    }
    return file;
  }

  LinePlot lossPlot() {
    LinePlot plot = new LinePlot("Training loss", "step", "loss");
    for (int i = 0; i < b.runs.size(); i++) {
      ModelRun run = b.runs.get(i);
      Color colour = LinePlot.PALETTE[i % LinePlot.PALETTE.length];
      List<CurvePoint> c = run.curve();
      if (c.isEmpty()) {
        continue;
      }
      double[] steps = c.stream().mapToDouble(CurvePoint::step).toArray();
      double[] loss = c.stream().mapToDouble(CurvePoint::trainLoss).toArray();
      if (c.size() > 40) {
        // Per-step loss is noisy: a faint raw line under a moving average that carries the legend.
        plot.add(
            new LinePlot.Series(run.name(), steps, loss, colour, 1f, 0.25f, false, false, false));
        plot.add(
            new LinePlot.Series(
                run.name() + " (train, smoothed)",
                steps,
                movingAverage(loss, Math.max(5, c.size() / 25)),
                colour,
                2.2f,
                1f,
                false,
                false,
                true));
      } else {
        plot.add(
            new LinePlot.Series(
                run.name() + " (train)", steps, loss, colour, 2.2f, 1f, false, false, true));
      }
      List<CurvePoint> val = c.stream().filter(p -> !Double.isNaN(p.validationLoss())).toList();
      if (!val.isEmpty()) {
        plot.add(
            new LinePlot.Series(
                run.name() + " (validation)",
                val.stream().mapToDouble(CurvePoint::step).toArray(),
                val.stream().mapToDouble(CurvePoint::validationLoss).toArray(),
                colour,
                2f,
                1f,
                true,
                true,
                true));
      }
    }
    return plot;
  }

  LinePlot delta1Plot() {
    LinePlot plot = new LinePlot("Validation δ1 (fraction within 1.25×)", "epoch", "δ1");
    for (int i = 0; i < b.runs.size(); i++) {
      ModelRun run = b.runs.get(i);
      List<CurvePoint> val =
          run.curve().stream().filter(p -> !Double.isNaN(p.validationDelta1())).toList();
      if (val.isEmpty()) {
        continue;
      }
      plot.add(
          new LinePlot.Series(
              run.name(),
              val.stream().mapToDouble(CurvePoint::epoch).toArray(),
              val.stream().mapToDouble(CurvePoint::validationDelta1).toArray(),
              LinePlot.PALETTE[i % LinePlot.PALETTE.length],
              2.2f,
              1f,
              false,
              true,
              true));
    }
    return plot;
  }

  /** Trailing mean over up to {@code window} finite values, so the line never looks ahead. */
  static double[] movingAverage(double[] v, int window) {
    double[] out = new double[v.length];
    double sum = 0;
    int count = 0;
    for (int i = 0; i < v.length; i++) {
      if (Double.isFinite(v[i])) {
        sum += v[i];
        count++;
      }
      if (i >= window && Double.isFinite(v[i - window])) {
        sum -= v[i - window];
        count--;
      }
      out[i] = count > 0 ? sum / count : Double.NaN;
    }
    return out;
  }

  private String markdown(MetricsTable table, boolean curves, double[] range) {
    StringBuilder md = new StringBuilder();
    md.append("# ").append(b.title).append("\n\n## Results\n\n");
    if (!b.evaluation.isEmpty()) {
      md.append(b.evaluation).append("\n\n");
    }
    md.append(table.markdown()).append('\n');
    md.append(
        "δk: share of pixels with max(p/gt, gt/p) < 1.25^k; errors are means over images;"
            + " best run per column in bold.\n\n");
    if (curves) {
      md.append("## Training curves\n\n")
          .append("![training loss](")
          .append(LOSS_PLOT)
          .append(")\n\n")
          .append("![validation δ1](")
          .append(DELTA1_PLOT)
          .append(")\n\n");
    }
    if (range != null) {
      md.append("## Qualitative results\n\n")
          .append(qualitativeCaption(range))
          .append("\n\n")
          .append("![qualitative results](")
          .append(QUALITATIVE)
          .append(")\n\n");
    }
    md.append("## What was run\n\n");
    if (!b.commandLine.isEmpty()) {
      md.append("- Command: `").append(b.commandLine.replace("`", "'")).append("`\n");
    }
    if (!b.dataset.isEmpty()) {
      md.append("- Dataset: ").append(b.dataset).append('\n');
    }
    if (!b.durations.isEmpty()) {
      md.append("\n| stage | took |\n|---|---:|\n");
      b.durations.forEach(
          (stage, d) ->
              md.append("| ").append(stage).append(" | ").append(format(d)).append(" |\n"));
      md.append("| **total** | **").append(format(total())).append("** |\n");
    }
    return md.toString();
  }

  private String html(MetricsTable table, boolean curves, double[] range) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(Html.escape(b.title))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}\n")
        .append("table{border-collapse:collapse;margin:1em 0}\n")
        .append("th,td{border-bottom:1px solid #ddd;padding:4px 10px;text-align:right}\n")
        .append("th:first-child,td:first-child{text-align:left}\n")
        .append("thead th{border-bottom:2px solid #444}\n")
        .append("tr.reference{color:#666}\n")
        .append("img{max-width:100%;display:block;margin:1em 0}\n")
        .append("code{background:#f4f4f4;padding:2px 4px}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(Html.escape(b.title))
        .append("</h1>\n");
    h.append("<h2>Results</h2>\n");
    if (!b.evaluation.isEmpty()) {
      h.append("<p>").append(Html.escape(b.evaluation)).append("</p>\n");
    }
    h.append(table.html());
    h.append(
        "<p>δk: share of pixels with max(p/gt, gt/p) &lt; 1.25<sup>k</sup>; errors are means"
            + " over images; best run per column in bold.</p>\n");
    if (curves) {
      h.append("<h2>Training curves</h2>\n<img src=\"")
          .append(LOSS_PLOT)
          .append("\" alt=\"training loss\">\n<img src=\"")
          .append(DELTA1_PLOT)
          .append("\" alt=\"validation delta1\">\n");
    }
    if (range != null) {
      h.append("<h2>Qualitative results</h2>\n<p>")
          .append(Html.escape(qualitativeCaption(range)))
          .append("</p>\n<img src=\"")
          .append(QUALITATIVE)
          .append("\" alt=\"qualitative results\">\n");
    }
    h.append("<h2>What was run</h2>\n<ul>\n");
    if (!b.commandLine.isEmpty()) {
      h.append("<li>Command: <code>").append(Html.escape(b.commandLine)).append("</code></li>\n");
    }
    if (!b.dataset.isEmpty()) {
      h.append("<li>Dataset: ").append(Html.escape(b.dataset)).append("</li>\n");
    }
    h.append("</ul>\n");
    if (!b.durations.isEmpty()) {
      h.append("<table>\n<thead><tr><th>stage</th><th>took</th></tr></thead>\n<tbody>\n");
      b.durations.forEach(
          (stage, d) ->
              h.append("<tr><td>")
                  .append(Html.escape(stage))
                  .append("</td><td>")
                  .append(format(d))
                  .append("</td></tr>\n"));
      h.append("<tr><td><b>total</b></td><td><b>")
          .append(format(total()))
          .append("</b></td></tr>\n</tbody>\n</table>\n");
    }
    return h.append("</body>\n</html>\n").toString();
  }

  private String qualitativeCaption(double[] range) {
    return String.format(
        Locale.ROOT,
        "%d test image(s); columns: RGB, ground truth, then each model. One colormap (%s) and one"
            + " depth scale for all: %.2f m (near) to %.2f m (far); grey = no depth.",
        b.examples.size(),
        b.colormap.name().toLowerCase(Locale.ROOT),
        range[0],
        range[1]);
  }

  private Duration total() {
    return b.durations.values().stream().reduce(Duration.ZERO, Duration::plus);
  }

  /** "2h 05m 09s", "4m 07s", "12.3 s", "850 ms". */
  static String format(Duration d) {
    long ms = d.toMillis();
    if (ms < 1_000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = d.toSeconds();
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60);
  }
}
