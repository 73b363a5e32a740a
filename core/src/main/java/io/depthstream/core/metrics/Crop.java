package io.depthstream.core.metrics;

/**
 * The part of an image a benchmark scores; pixels outside are ignored whatever their depth.
 *
 * <p>Both crops are fractions of the image, so any resolution works. {@link #EIGEN} is rows 45–470
 * and columns 41–600 (inclusive) of NYU's 480×640, i.e. rows [45/480·h, 471/480·h) and columns
 * [41/640·w, 601/640·w) truncated to integers, exactly the NYU pixels at 480×640. {@link #GARG} is
 * monodepth's {@code int(0.40810811·h) : int(0.99189189·h), int(0.03594771·w) :
 * int(0.96405229·w)}, ends exclusive, as the KITTI Eigen-split evaluations all compute it.
 */
public enum Crop {
  /** The whole image. */
  NONE(0, 1, 0, 1),
  /** Eigen et al.'s NYU Depth v2 crop, scaled from 480×640. */
  EIGEN(45.0 / 480, 471.0 / 480, 41.0 / 640, 601.0 / 640),
  /** Garg et al.'s KITTI crop. */
  GARG(0.40810811, 0.99189189, 0.03594771, 0.96405229);

  private final double top;
  private final double bottom;
  private final double left;
  private final double right;

  Crop(double top, double bottom, double left, double right) {
    this.top = top;
    this.bottom = bottom;
    this.left = left;
    this.right = right;
  }

  /** The scored rectangle of a {@code width × height} image. */
  public Window window(int width, int height) {
    return new Window(
        (int) (top * height), (int) (bottom * height), (int) (left * width), (int) (right * width));
  }

  /** Rows {@code [top, bottom)} and columns {@code [left, right)}. */
  public record Window(int top, int bottom, int left, int right) {

    public boolean contains(int x, int y) {
      return y >= top && y < bottom && x >= left && x < right;
    }
  }
}
