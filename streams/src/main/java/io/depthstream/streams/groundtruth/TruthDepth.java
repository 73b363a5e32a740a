package io.depthstream.streams.groundtruth;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.depth.SparseDepth;
import io.depthstream.core.image.ImageLimits;
import java.util.Objects;
import java.util.function.Supplier;

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
 *       when a frame is scored against it. A dense image is far smaller as its PNG than as a list
 *       of pixels (at least two bytes a pixel): a synthetic 640×480 street depth image, about 80 %
 *       valid, was 25–33 KB as a 16-bit PNG and 500–560 KB in the sparse form. It is checked to
 *       decode when it arrives, so keeping it costs one decode per scored frame, as before.
 * </ul>
 */
public sealed interface TruthDepth {

  /** When the ground truth was measured, epoch milliseconds. */
  long captureTime();

  /** The dense depth map, 0 where there is no measurement (for pictures and the dense path). */
  DepthImage image(ImageLimits limits);

  /**
   * This ground truth in one of its two forms, decoding it first if it was read back from the store
   * undecoded ({@link Deferred}).
   */
  default TruthDepth decoded() {
    return this;
  }

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

  /**
   * A value read back from the store whose depths are decoded on first use: the matcher reads every
   * scan inside a frame's window to find the nearest (three at 10 Hz and ±100 ms) and scores one.
   * Not thread-safe, like the store iterator it comes from.
   */
  final class Deferred implements TruthDepth {
    private final long captureTime;
    private Supplier<TruthDepth> decode;
    private TruthDepth decoded;

    Deferred(long captureTime, Supplier<TruthDepth> decode) {
      this.captureTime = captureTime;
      this.decode = decode;
    }

    @Override
    public long captureTime() {
      return captureTime;
    }

    @Override
    public TruthDepth decoded() {
      if (decoded == null) {
        decoded = decode.get();
        decode = null;
      }
      return decoded;
    }

    @Override
    public DepthImage image(ImageLimits limits) {
      return decoded().image(limits);
    }
  }
}
