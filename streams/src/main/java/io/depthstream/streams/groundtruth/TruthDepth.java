package io.depthstream.streams.groundtruth;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.image.ImageLimits;
import java.util.Objects;

/**
 * Ground truth as the matcher keeps it in the {@code ground-truth} store and scores a frame against
 * it: only what scoring needs, in the smaller of two forms.
 *
 * <ul>
 *   <li>{@link Sparse}: a projected LiDAR sweep, straight from the projector as its valid pixels (a
 *       Velodyne sweep reaches a few percent of a 640×480 frame), already rounded to the service's
 *       ground-truth scale, so it scores exactly as the 16-bit PNG it used to be encoded into would
 *       have, without the PNG encode at projection or the decode at scoring.
 *   <li>{@link DepthPng}: a depth sensor's image, the producer's PNG bytes as they came, decoded
 *       when a frame is scored against it. A dense image is smaller as its PNG than as a list of
 *       pixels (two bytes a pixel at least, where the PNG's deflate takes its smooth rows for
 *       less), and it is checked to decode when it arrives, so keeping it costs one decode per
 *       scored frame, as before.
 * </ul>
 */
public sealed interface TruthDepth {

  /** When the ground truth was measured, epoch milliseconds. */
  long captureTime();

  /** The dense depth map, 0 where there is no measurement (for pictures and the dense path). */
  DepthImage image(ImageLimits limits);

  /**
   * A projected point cloud.
   *
   * @param depth depths already rounded to units of {@code scale}
   * @param scale metres per unit it is stored in (depthstream.depth.ground-truth-scale)
   */
  record Sparse(long captureTime, SparseDepth depth, double scale) implements TruthDepth {

    public Sparse {
      Objects.requireNonNull(depth, "depth");
    }

    /** {@code depth} rounded to units of {@code scale}, as the store keeps it. */
    public static Sparse rounded(long captureTime, SparseDepth depth, double scale) {
      float[] metres = depth.metres();
      float[] rounded = new float[metres.length];
      for (int i = 0; i < metres.length; i++) {
        rounded[i] = DepthPngCodec.toMetres(DepthPngCodec.toUnits(metres[i], scale), scale);
      }
      return new Sparse(
          captureTime,
          new SparseDepth(depth.width(), depth.height(), depth.pixels(), rounded),
          scale);
    }

    @Override
    public DepthImage image(ImageLimits limits) {
      return depth.toImage();
    }
  }

  /**
   * A depth sensor's image as its producer encoded it.
   *
   * @param png a 16-bit grayscale PNG
   * @param scale metres per PNG unit
   */
  record DepthPng(long captureTime, byte[] png, double scale) implements TruthDepth {

    public DepthPng {
      Objects.requireNonNull(png, "png");
    }

    @Override
    public DepthImage image(ImageLimits limits) {
      return DepthPngCodec.decode(png, scale, limits);
    }
  }
}
