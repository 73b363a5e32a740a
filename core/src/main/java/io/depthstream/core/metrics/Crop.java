package io.depthstream.core.metrics;

/**
 * The part of an image a benchmark scores; pixels outside are ignored whatever their depth.
 *
 * <p>Both crops scale with the image, so any resolution works. {@link #EIGEN} is rows 45–470 and
 * columns 41–600 (inclusive) of NYU's 480×640; at {@code h × w} it is rows {@code [⌊45h/480⌋,
 * ⌊471h/480⌋)} and columns {@code [⌊41w/640⌋, ⌊601w/640⌋)}, in integer arithmetic, which gives
 * exactly the NYU pixels at 480×640. {@link #GARG} is monodepth's {@code int(0.40810811·h) :
 * int(0.99189189·h), int(0.03594771·w) : int(0.96405229·w)}, ends exclusive, as the KITTI
 * Eigen-split evaluations compute it.
 */
public enum Crop {
  /** The whole image. */
  NONE {
    @Override
    public Window window(int width, int height) {
      return new Window(0, height, 0, width);
    }
  },
  /** Eigen et al.'s NYU Depth v2 crop, scaled from 480×640. */
  EIGEN {
    @Override
    public Window window(int width, int height) {
      return new Window(
          (int) (45L * height / 480),
          (int) (471L * height / 480),
          (int) (41L * width / 640),
          (int) (601L * width / 640));
    }
  },
  /** Garg et al.'s KITTI crop. */
  GARG {
    @Override
    public Window window(int width, int height) {
      return new Window(
          (int) (0.40810811 * height),
          (int) (0.99189189 * height),
          (int) (0.03594771 * width),
          (int) (0.96405229 * width));
    }
  };

  /** The scored rectangle of a {@code width × height} image. */
  public abstract Window window(int width, int height);

  /** Rows {@code [top, bottom)} and columns {@code [left, right)}. */
  public record Window(int top, int bottom, int left, int right) {

    public boolean contains(int x, int y) {
      return y >= top && y < bottom && x >= left && x < right;
    }
  }
}
