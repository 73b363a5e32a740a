package io.depthstream.cli;

import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.image.RgbImage;
import java.util.Arrays;
import java.util.List;

/**
 * A picture for people to check many frames at a glance: one row per frame, its tiles side by side
 * (a camera picture, its depth in the turbo colormap, a model's prediction on the same colour
 * scale…), each shrunk to a thumbnail at most 320 pixels wide. The rows are spread evenly over a
 * run — consecutive frames of a 10 Hz trajectory look alike — and may be filled in any order.
 */
public final class PictureSheet {

  private static final int GAP = 4;

  private final int rows;
  private final int columns;
  private final int stride;
  private final int thumbWidth;
  private final int thumbHeight;
  private final RgbImage sheet;

  /**
   * @param rows how many frames the sheet shows
   * @param columns tiles per row
   * @param frameCount how many frames the run has
   * @param width the frames' width (all tiles have the frame's size)
   */
  public PictureSheet(int rows, int columns, int frameCount, int width, int height) {
    this.rows = Math.max(1, Math.min(rows, frameCount));
    this.columns = columns;
    this.stride = Math.max(1, frameCount / this.rows);
    int shrink = (int) Math.ceil(width / 320.0);
    this.thumbWidth = Math.max(1, width / shrink);
    this.thumbHeight = Math.max(1, height / shrink);
    this.sheet =
        RgbImage.blank(
            columns * thumbWidth + (columns - 1) * GAP,
            this.rows * thumbHeight + (this.rows - 1) * GAP);
    Arrays.fill(sheet.rgb(), (byte) 0xFF);
  }

  /** Whether frame {@code position} of the run belongs on the sheet. */
  public boolean wants(int position) {
    return position % stride == 0 && position / stride < rows;
  }

  /**
   * Draws frame {@code position}'s row from its tiles, left to right; rows are disjoint, so threads
   * may call this together.
   */
  public void add(int position, List<RgbImage> tiles) {
    if (tiles.size() != columns) {
      throw new IllegalArgumentException(
          "a row of this sheet has " + columns + " tiles, got " + tiles.size());
    }
    int top = (position / stride) * (thumbHeight + GAP);
    for (int c = 0; c < columns; c++) {
      paste(shrink(tiles.get(c)), c * (thumbWidth + GAP), top);
    }
  }

  public byte[] png() {
    return ImageEncoder.png(sheet);
  }

  /** Box-filter downscale to the thumbnail size. */
  private RgbImage shrink(RgbImage image) {
    int fx = image.width() / thumbWidth;
    int fy = image.height() / thumbHeight;
    RgbImage out = RgbImage.blank(thumbWidth, thumbHeight);
    for (int y = 0; y < thumbHeight; y++) {
      for (int x = 0; x < thumbWidth; x++) {
        for (int c = 0; c < 3; c++) {
          int sum = 0;
          for (int j = 0; j < fy; j++) {
            for (int i = 0; i < fx; i++) {
              sum += image.channel(x * fx + i, y * fy + j, c);
            }
          }
          out.rgb()[(y * thumbWidth + x) * 3 + c] = (byte) ((sum + fx * fy / 2) / (fx * fy));
        }
      }
    }
    return out;
  }

  private void paste(RgbImage tile, int left, int top) {
    for (int y = 0; y < tile.height(); y++) {
      System.arraycopy(
          tile.rgb(),
          y * tile.width() * 3,
          sheet.rgb(),
          ((top + y) * sheet.width() + left) * 3,
          tile.width() * 3);
    }
  }
}
