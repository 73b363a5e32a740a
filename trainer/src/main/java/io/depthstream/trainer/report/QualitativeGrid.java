package io.depthstream.trainer.report;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.Resampling;
import io.depthstream.core.image.RgbImage;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The qualitative figure: one row per test image, columns RGB | ground truth | each model's
 * prediction, all depths in one colormap over one shared range (grey where a map has no depth),
 * column titles on top and a labelled colour bar below, so that colours compare across models and
 * rows.
 */
final class QualitativeGrid {

  private static final int GAP = 6;
  private static final int HEADER = 34;
  private static final int FOOTER = 70;
  private static final int MARGIN = 10;

  private QualitativeGrid() {}

  static BufferedImage render(
      List<QualitativeExample> rows,
      List<String> models,
      Colormap colormap,
      double minDepth,
      double maxDepth,
      int cellWidth) {
    RgbImage first = rows.get(0).rgb();
    int cellHeight =
        Math.max(1, (int) Math.round((double) cellWidth * first.height() / first.width()));
    int columns = 2 + models.size();
    int width = 2 * MARGIN + columns * cellWidth + (columns - 1) * GAP;
    int height = HEADER + rows.size() * cellHeight + (rows.size() - 1) * GAP + FOOTER;
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(
          RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      List<String> titles = new ArrayList<>(List.of("RGB", "Ground truth"));
      titles.addAll(models);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.setColor(Color.BLACK);
      for (int c = 0; c < columns; c++) {
        LinePlot.centred(g, fit(g, titles.get(c), cellWidth), x(c, cellWidth) + cellWidth / 2, 23);
      }
      for (int r = 0; r < rows.size(); r++) {
        QualitativeExample row = rows.get(r);
        int y = HEADER + r * (cellHeight + GAP);
        draw(g, Resampling.rgb(row.rgb(), cellWidth, cellHeight), x(0, cellWidth), y);
        draw(
            g,
            colour(row.groundTruth(), colormap, minDepth, maxDepth, cellWidth, cellHeight),
            x(1, cellWidth),
            y);
        for (int m = 0; m < models.size(); m++) {
          DepthImage prediction = row.predictions().get(models.get(m));
          int x = x(2 + m, cellWidth);
          if (prediction == null) {
            g.setColor(new Color(220, 220, 220));
            g.fillRect(x, y, cellWidth, cellHeight);
            g.setColor(Color.DARK_GRAY);
            LinePlot.centred(g, "no prediction", x + cellWidth / 2, y + cellHeight / 2);
          } else {
            draw(g, colour(prediction, colormap, minDepth, maxDepth, cellWidth, cellHeight), x, y);
          }
        }
      }
      drawColourBar(g, colormap, minDepth, maxDepth, width, height);
    } finally {
      g.dispose();
    }
    return img;
  }

  private static int x(int column, int cellWidth) {
    return MARGIN + column * (cellWidth + GAP);
  }

  /** Shrinks a column title with an ellipsis until it fits its cell. */
  private static String fit(Graphics2D g, String title, int width) {
    FontMetrics fm = g.getFontMetrics();
    String t = title;
    while (t.length() > 1 && fm.stringWidth(t) > width - 4) {
      t = t.substring(0, t.length() - 2) + "…";
    }
    return t;
  }

  /** Where a map has no depth; light grey, because the colormaps' far ends are near black. */
  static final int[] NO_DEPTH = {224, 224, 224};

  private static RgbImage colour(
      DepthImage depth, Colormap colormap, double min, double max, int w, int h) {
    // Resample depth first (valid-only average) so sparse LiDAR points survive shrinking.
    DepthImage cell = depth.resized(w, h);
    RgbImage rgb = colormap.render(cell, min, max);
    float[] metres = cell.metres();
    byte[] out = rgb.rgb();
    for (int i = 0; i < metres.length; i++) {
      if (!DepthImage.isValid(metres[i])) {
        out[i * 3] = (byte) NO_DEPTH[0];
        out[i * 3 + 1] = (byte) NO_DEPTH[1];
        out[i * 3 + 2] = (byte) NO_DEPTH[2];
      }
    }
    return rgb;
  }

  private static void draw(Graphics2D g, RgbImage rgb, int x, int y) {
    BufferedImage bi = new BufferedImage(rgb.width(), rgb.height(), BufferedImage.TYPE_INT_RGB);
    byte[] b = rgb.rgb();
    int[] pixels = new int[rgb.width() * rgb.height()];
    for (int i = 0; i < pixels.length; i++) {
      pixels[i] = ((b[i * 3] & 0xFF) << 16) | ((b[i * 3 + 1] & 0xFF) << 8) | (b[i * 3 + 2] & 0xFF);
    }
    bi.setRGB(0, 0, rgb.width(), rgb.height(), pixels, 0, rgb.width());
    g.drawImage(bi, x, y, null);
  }

  private static void drawColourBar(
      Graphics2D g, Colormap colormap, double min, double max, int width, int height) {
    int barW = Math.min(420, width - 2 * MARGIN - 40);
    int barH = 14;
    int bx = (width - barW) / 2;
    int by = height - FOOTER + 14;
    for (int i = 0; i < barW; i++) {
      // Left = near (min), right = far (max), matching "depth increases to the right".
      int[] c = colormap.rgbAt(1.0 - i / (double) (barW - 1));
      g.setColor(new Color(c[0], c[1], c[2]));
      g.fillRect(bx + i, by, 1, barH);
    }
    g.setColor(Color.BLACK);
    g.drawRect(bx, by, barW, barH);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    FontMetrics fm = g.getFontMetrics();
    NiceTicks ticks = NiceTicks.of(min, max, 6);
    for (double v : ticks.values()) {
      if (v < min - 1e-9 || v > max + 1e-9) {
        continue;
      }
      int x = bx + (int) Math.round((v - min) / (max - min) * barW);
      g.drawLine(x, by + barH, x, by + barH + 4);
      LinePlot.centred(g, ticks.label(v), x, by + barH + 5 + fm.getAscent());
    }
    LinePlot.centred(g, "depth (m); grey = no depth", width / 2, height - 8);
  }

  /**
   * A shared range from the ground truth of all rows: the 1st to 99th percentile of valid depths,
   * so one stray far pixel does not wash the others out.
   */
  static double[] defaultRange(List<QualitativeExample> rows) {
    int n = 0;
    for (QualitativeExample row : rows) {
      n += row.groundTruth().validCount();
    }
    if (n == 0) {
      return new double[] {0, 10};
    }
    float[] all = new float[n];
    int k = 0;
    for (QualitativeExample row : rows) {
      for (float v : row.groundTruth().metres()) {
        if (DepthImage.isValid(v)) {
          all[k++] = v;
        }
      }
    }
    Arrays.sort(all);
    double lo = all[(int) Math.floor(0.01 * (n - 1))];
    double hi = all[(int) Math.ceil(0.99 * (n - 1))];
    return hi > lo ? new double[] {lo, hi} : new double[] {lo * 0.5, lo * 1.5 + 1e-3};
  }
}
