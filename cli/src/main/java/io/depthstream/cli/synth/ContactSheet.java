package io.depthstream.cli.synth;

import io.depthstream.core.color.Colormap;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.synth.SyntheticFrame;

/**
 * A picture for people to check a dataset at a glance: one row per frame, the camera picture beside
 * its depth in the turbo colormap (red near, dark far, black for no depth), both shrunk to a
 * thumbnail. Rows are filled as frames arrive, in any order.
 */
final class ContactSheet {

  private static final int GAP = 4;

  private final int rows;
  private final int stride;
  private final int thumbWidth;
  private final int thumbHeight;
  private final double minDepth;
  private final double maxDepth;
  private final RgbImage sheet;

  /**
   * @param rows how many frames the sheet shows, spread evenly over the run (consecutive frames of
   *     a 10 Hz trajectory look alike)
   * @param frameCount how many frames the run renders
   * @param width the frames' width; thumbnails are at most 320 pixels wide
   */
  ContactSheet(int rows, int frameCount, int width, int height, double minDepth, double maxDepth) {
    this.rows = rows;
    this.stride = Math.max(1, frameCount / rows);
    int shrink = (int) Math.ceil(width / 320.0);
    this.thumbWidth = Math.max(1, width / shrink);
    this.thumbHeight = Math.max(1, height / shrink);
    this.minDepth = minDepth;
    this.maxDepth = maxDepth;
    this.sheet = RgbImage.blank(2 * thumbWidth + GAP, rows * thumbHeight + (rows - 1) * GAP);
    byte[] rgb = sheet.rgb();
    java.util.Arrays.fill(rgb, (byte) 0xFF);
  }

  /** Whether frame {@code position} of the run belongs on the sheet. */
  boolean wants(int position) {
    return position % stride == 0 && position / stride < rows;
  }

  /** Draws frame {@code position}'s row; rows are disjoint, so threads may call this together. */
  void add(int position, SyntheticFrame frame) {
    int top = (position / stride) * (thumbHeight + GAP);
    paste(shrink(frame.rgb()), 0, top);
    DepthImage depth = frame.depth();
    paste(shrink(Colormap.TURBO.render(depth, minDepth, maxDepth)), thumbWidth + GAP, top);
  }

  byte[] png() {
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
