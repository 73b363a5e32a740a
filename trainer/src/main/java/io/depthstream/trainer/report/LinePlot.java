package io.depthstream.trainer.report;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * A line chart drawn with java.awt: title, axes with round-number ticks and labels, light grid, one
 * line per series and a legend. Enough for training curves without a plotting library.
 */
final class LinePlot {

  /** Ten distinguishable colours (matplotlib's tab10), assigned to models in order. */
  static final Color[] PALETTE = {
    new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
    new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75),
    new Color(227, 119, 194), new Color(127, 127, 127), new Color(188, 189, 34),
    new Color(23, 190, 207)
  };

  /**
   * One line. NaN points are skipped (the line breaks there).
   *
   * @param legend whether the series gets a legend entry
   * @param alpha opacity, below 1 for a faint raw line under a smoothed one
   */
  record Series(
      String name,
      double[] x,
      double[] y,
      Color color,
      float width,
      float alpha,
      boolean dashed,
      boolean markers,
      boolean legend) {}

  private static final int LEFT = 78;
  private static final int RIGHT = 24;
  private static final int TOP = 46;
  private static final int BOTTOM = 58;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();

  LinePlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  LinePlot add(Series s) {
    series.add(s);
    return this;
  }

  BufferedImage render(int width, int height) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      int px = LEFT;
      int py = TOP;
      int pw = width - LEFT - RIGHT;
      int ph = height - TOP - BOTTOM;

      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
      centred(g, title, width / 2, 28);

      double[] xr = range(true);
      double[] yr = range(false);
      if (xr == null || yr == null) {
        g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 14));
        g.setColor(Color.GRAY);
        centred(g, "no data recorded", width / 2, height / 2);
        return img;
      }
      // Axes span the data (y padded a little so lines clear the frame); ticks fall inside.
      double pad = (yr[1] - yr[0]) * 0.04;
      if (pad == 0) {
        pad = Math.max(Math.abs(yr[0]) * 0.05, 1e-3);
      }
      if (xr[1] == xr[0]) {
        xr = new double[] {xr[0] - 0.5, xr[1] + 0.5};
      }
      Mapper map = new Mapper(xr[0], xr[1], yr[0] - pad, yr[1] + pad, px, py, pw, ph);
      NiceTicks xt = NiceTicks.of(map.x0(), map.x1(), 8);
      NiceTicks yt = NiceTicks.of(map.y0(), map.y1(), 6);

      drawGridAndTicks(g, xt, yt, map, px, py, pw, ph);
      Graphics2D clip = (Graphics2D) g.create();
      clip.clipRect(px, py, pw + 1, ph + 1);
      for (Series s : series) {
        drawSeries(clip, s, map);
      }
      clip.dispose();
      g.setColor(Color.BLACK);
      g.setStroke(new BasicStroke(1.2f));
      g.drawRect(px, py, pw, ph);

      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      centred(g, xLabel, px + pw / 2, height - 14);
      AffineTransform saved = g.getTransform();
      g.rotate(-Math.PI / 2);
      centred(g, yLabel, -(py + ph / 2), 20);
      g.setTransform(saved);
      drawLegend(g, map);
    } finally {
      g.dispose();
    }
    return img;
  }

  /** Data range over finite points on one axis, or null when there is none. */
  private double[] range(boolean xAxis) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          double v = xAxis ? s.x()[i] : s.y()[i];
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    }
    return lo <= hi ? new double[] {lo, hi} : null;
  }

  private record Mapper(
      double x0, double x1, double y0, double y1, int px, int py, int pw, int ph) {
    double x(double v) {
      return px + (v - x0) / (x1 - x0) * pw;
    }

    double y(double v) {
      return py + ph - (v - y0) / (y1 - y0) * ph;
    }

    boolean insideX(double v) {
      return v >= x0 - (x1 - x0) * 1e-9 && v <= x1 + (x1 - x0) * 1e-9;
    }

    boolean insideY(double v) {
      return v >= y0 - (y1 - y0) * 1e-9 && v <= y1 + (y1 - y0) * 1e-9;
    }
  }

  private static void drawGridAndTicks(
      Graphics2D g, NiceTicks xt, NiceTicks yt, Mapper map, int px, int py, int pw, int ph) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    for (double v : xt.values()) {
      if (!map.insideX(v)) {
        continue;
      }
      int x = (int) Math.round(map.x(v));
      g.setColor(new Color(232, 232, 232));
      g.drawLine(x, py, x, py + ph);
      g.setColor(Color.BLACK);
      g.drawLine(x, py + ph, x, py + ph + 5);
      centred(g, xt.label(v), x, py + ph + 8 + fm.getAscent());
    }
    for (double v : yt.values()) {
      if (!map.insideY(v)) {
        continue;
      }
      int y = (int) Math.round(map.y(v));
      g.setColor(new Color(232, 232, 232));
      g.drawLine(px, y, px + pw, y);
      g.setColor(Color.BLACK);
      g.drawLine(px - 5, y, px, y);
      String label = yt.label(v);
      g.drawString(label, px - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
    }
  }

  private static void drawSeries(Graphics2D g, Series s, Mapper map) {
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, s.alpha()));
    g.setColor(s.color());
    g.setStroke(stroke(s));
    Path2D.Double path = new Path2D.Double();
    boolean open = false;
    for (int i = 0; i < s.x().length; i++) {
      double x = s.x()[i];
      double y = s.y()[i];
      if (!Double.isFinite(x) || !Double.isFinite(y)) {
        open = false;
        continue;
      }
      if (open) {
        path.lineTo(map.x(x), map.y(y));
      } else {
        path.moveTo(map.x(x), map.y(y));
        open = true;
      }
    }
    g.draw(path);
    if (s.markers()) {
      g.setStroke(new BasicStroke(1.5f));
      for (int i = 0; i < s.x().length; i++) {
        if (Double.isFinite(s.x()[i]) && Double.isFinite(s.y()[i])) {
          int cx = (int) Math.round(map.x(s.x()[i]));
          int cy = (int) Math.round(map.y(s.y()[i]));
          g.fillOval(cx - 4, cy - 4, 8, 8);
        }
      }
    }
    g.setComposite(AlphaComposite.SrcOver);
  }

  private static BasicStroke stroke(Series s) {
    return s.dashed()
        ? new BasicStroke(
            s.width(), BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {7f, 5f}, 0f)
        : new BasicStroke(s.width(), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
  }

  private void drawLegend(Graphics2D g, Mapper map) {
    int px = map.px();
    int py = map.py();
    int pw = map.pw();
    int ph = map.ph();
    List<Series> shown = series.stream().filter(Series::legend).toList();
    if (shown.isEmpty()) {
      return;
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    int textWidth = shown.stream().mapToInt(s -> fm.stringWidth(s.name())).max().orElse(0);
    int row = fm.getHeight() + 4;
    int boxW = textWidth + 52;
    int boxH = shown.size() * row + 10;
    // The corner whose box covers the fewest data points: legends should not hide lines.
    int[][] corners = {
      {px + pw - boxW - 10, py + 10}, {px + pw - boxW - 10, py + ph - boxH - 10},
      {px + 10, py + 10}, {px + 10, py + ph - boxH - 10}
    };
    int bx = corners[0][0];
    int by = corners[0][1];
    long fewest = Long.MAX_VALUE;
    for (int[] c : corners) {
      long covered = covered(map, c[0], c[1], boxW, boxH);
      if (covered < fewest) {
        fewest = covered;
        bx = c[0];
        by = c[1];
      }
    }
    g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.9f));
    g.setColor(Color.WHITE);
    g.fillRect(bx, by, boxW, boxH);
    g.setComposite(AlphaComposite.SrcOver);
    g.setColor(new Color(180, 180, 180));
    g.setStroke(new BasicStroke(1f));
    g.drawRect(bx, by, boxW, boxH);
    for (int i = 0; i < shown.size(); i++) {
      Series s = shown.get(i);
      int y = by + 5 + i * row + row / 2;
      g.setColor(s.color());
      g.setStroke(stroke(s));
      g.drawLine(bx + 8, y, bx + 36, y);
      if (s.markers()) {
        g.fillOval(bx + 18, y - 4, 8, 8);
      }
      g.setColor(Color.BLACK);
      g.drawString(s.name(), bx + 44, y + fm.getAscent() / 2 - 1);
    }
  }

  /** Points of all series, and samples along their segments, that fall in a box. */
  private long covered(Mapper map, int bx, int by, int bw, int bh) {
    long n = 0;
    for (Series s : series) {
      for (int i = 0; i < s.x().length; i++) {
        if (!Double.isFinite(s.x()[i]) || !Double.isFinite(s.y()[i])) {
          continue;
        }
        double x = map.x(s.x()[i]);
        double y = map.y(s.y()[i]);
        boolean hasNext =
            i + 1 < s.x().length && Double.isFinite(s.x()[i + 1]) && Double.isFinite(s.y()[i + 1]);
        int samples = hasNext ? 8 : 1;
        for (int k = 0; k < samples; k++) {
          double t = k / (double) samples;
          double sx = hasNext ? x + (map.x(s.x()[i + 1]) - x) * t : x;
          double sy = hasNext ? y + (map.y(s.y()[i + 1]) - y) * t : y;
          if (sx >= bx - 4 && sx <= bx + bw + 4 && sy >= by - 4 && sy <= by + bh + 4) {
            n++;
          }
        }
      }
    }
    return n;
  }

  static void centred(Graphics2D g, String text, int x, int baseline) {
    g.drawString(text, x - g.getFontMetrics().stringWidth(text) / 2, baseline);
  }
}
