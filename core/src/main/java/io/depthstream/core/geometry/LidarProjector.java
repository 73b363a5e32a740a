package io.depthstream.core.geometry;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.image.ImageLimits;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Makes a sparse ground-truth depth map from a LiDAR sweep: each point is moved into the camera
 * frame by the calibration's LiDAR → camera extrinsic, dropped if it is not in front of the camera
 * ({@code z ≤ 1 mm}) or lands off the image, and otherwise written as its camera-frame {@code z}
 * (depth, not range) at pixel {@code (⌊u⌋, ⌊v⌋)}; where several points land on one pixel the
 * nearest wins. Pixel {@code (x, y)} covers {@code [x, x+1) × [y, y+1)}, the convention under which
 * {@code cx = width/2} is the image centre. Pixels no point reaches are 0 (invalid).
 */
public final class LidarProjector {

  /** Points this close to the camera plane or behind it are dropped. */
  public static final double MIN_Z = 1e-3;

  private final long maxPixels;

  /** A projector for calibrations within the pixel budget of {@link ImageLimits#DEFAULTS}. */
  public LidarProjector() {
    this(ImageLimits.DEFAULTS);
  }

  /**
   * A projector that refuses a calibration whose image has more than {@code limits.maxPixels()}
   * pixels: the depth map it allocates is a float per pixel. This is a last fence; calibrations
   * from outside should already have passed {@link CalibrationCheck#validated}.
   */
  public LidarProjector(ImageLimits limits) {
    this.maxPixels = limits.maxPixels();
  }

  /**
   * Projects {@code points}: packed x, y, z (stride 3) or x, y, z, intensity (stride 4) in the
   * LiDAR frame, metres.
   *
   * @throws CalibrationRejectedException when the calibration's image is past this projector's
   *     pixel budget, before anything is allocated
   * @throws IllegalArgumentException for a stride other than 3 or 4, a length that is not a whole
   *     number of points, or a point whose x, y or z is NaN or infinite (named by its index)
   */
  public DepthImage project(float[] points, int stride, CameraCalibration calibration) {
    CameraIntrinsics k = calibration.intrinsics();
    return new DepthImage(k.width(), k.height(), plane(points, stride, calibration, new int[1]));
  }

  /**
   * {@link #project} as {@link SparseDepth}: the same depths at the same pixels, the form the
   * service keeps projected LiDAR in (a sweep reaches a few percent of the pixels). Counting the
   * pixels reached while projecting saves a pass over the frame.
   */
  public SparseDepth projectSparse(float[] points, int stride, CameraCalibration calibration) {
    int[] reached = new int[1];
    float[] plane = plane(points, stride, calibration, reached);
    int[] pixels = new int[reached[0]];
    float[] metres = new float[reached[0]];
    int n = 0;
    for (int i = 0; i < plane.length && n < pixels.length; i++) {
      // A point far enough out to be infinite as a float is no depth, as in the dense form.
      if (DepthImage.isValid(plane[i])) {
        pixels[n] = i;
        metres[n++] = plane[i];
      }
    }
    CameraIntrinsics k = calibration.intrinsics();
    return new SparseDepth(
        k.width(), k.height(), Arrays.copyOf(pixels, n), Arrays.copyOf(metres, n));
  }

  /** The depth plane, row-major; {@code reached[0]} counts the pixels given a depth. */
  private float[] plane(float[] points, int stride, CameraCalibration calibration, int[] reached) {
    if (stride != 3 && stride != 4) {
      throw new IllegalArgumentException(
          "LiDAR point stride must be 3 (x,y,z) or 4 (x,y,z,intensity), got " + stride);
    }
    if (points.length % stride != 0) {
      throw new IllegalArgumentException(
          "LiDAR buffer of "
              + points.length
              + " floats is not a whole number of stride-"
              + stride
              + " points");
    }
    CameraIntrinsics k = calibration.intrinsics();
    RigidTransform lidarToCamera = calibration.lidarToCamera();
    int w = k.width();
    int h = k.height();
    requireWithinBudget(w, h);
    float[] depth = new float[w * h];
    double[] cam = new double[3];
    for (int i = 0, p = 0; i < points.length; i += stride, p++) {
      float x = points[i];
      float y = points[i + 1];
      float z = points[i + 2];
      if (!Float.isFinite(x) || !Float.isFinite(y) || !Float.isFinite(z)) {
        throw new IllegalArgumentException(
            "LiDAR point "
                + p
                + " of "
                + points.length / stride
                + " is ("
                + x
                + ", "
                + y
                + ", "
                + z
                + "); every point must be finite, drop no-return points before sending");
      }
      lidarToCamera.apply(x, y, z, cam);
      if (!(cam[2] > MIN_Z)) {
        continue;
      }
      double u = k.fx() * cam[0] / cam[2] + k.cx();
      double v = k.fy() * cam[1] / cam[2] + k.cy();
      if (!(u >= 0 && u < w && v >= 0 && v < h)) {
        continue;
      }
      int pixel = (int) v * w + (int) u;
      float d = (float) cam[2];
      if (depth[pixel] == 0f) {
        reached[0]++;
        depth[pixel] = d;
      } else if (d < depth[pixel]) {
        depth[pixel] = d;
      }
    }
    return depth;
  }

  private void requireWithinBudget(int w, int h) {
    long pixels = (long) w * h;
    if (pixels > maxPixels) {
      throw new CalibrationRejectedException(
          "width x height",
          "calibration image of "
              + w
              + "x"
              + h
              + " = "
              + pixels
              + " pixels is past the projector's budget of "
              + maxPixels
              + " (one float each); check calibrations with CalibrationCheck.validated first"
              + " (raise depthstream.image.max-pixels if intended)");
    }
  }

  /**
   * Reads the packed little-endian float32 points of a {@code GroundTruth} record.
   *
   * @throws IllegalArgumentException when the bytes are not a whole number of stride-sized points
   */
  public static float[] unpack(byte[] packed, int stride) {
    if (stride != 3 && stride != 4) {
      throw new IllegalArgumentException(
          "LiDAR point stride must be 3 (x,y,z) or 4 (x,y,z,intensity), got " + stride);
    }
    if (packed.length % (4 * stride) != 0) {
      throw new IllegalArgumentException(
          "LiDAR payload of "
              + packed.length
              + " bytes is not a whole number of "
              + 4 * stride
              + "-byte points (stride "
              + stride
              + " float32)");
    }
    float[] points = new float[packed.length / 4];
    ByteBuffer.wrap(packed).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(points);
    return points;
  }
}
