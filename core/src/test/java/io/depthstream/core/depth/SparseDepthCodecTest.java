package io.depthstream.core.depth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.image.ImageRejectedException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseDepthCodecTest {

  @Test
  void keepsOnlyTheValidPixelsInRowMajorOrder() {
    DepthImage dense = new DepthImage(3, 2, new float[] {0, 2, Float.NaN, -1, 5, 0});
    SparseDepth sparse = SparseDepth.of(dense);
    assertThat(sparse.pixels()).containsExactly(1, 4);
    assertThat(sparse.metres()).containsExactly(2f, 5f);
    assertThat(sparse.toImage().metres()).containsExactly(0, 2, 0, 0, 5, 0);
  }

  @Test
  void refusesPixelsOutOfOrderOffTheImageOrWithoutDepth() {
    assertThatThrownBy(() -> new SparseDepth(2, 2, new int[] {1, 1}, new float[] {1, 1}))
        .hasMessageContaining("increase strictly");
    assertThatThrownBy(() -> new SparseDepth(2, 2, new int[] {4}, new float[] {1}))
        .hasMessageContaining("below 4");
    assertThatThrownBy(() -> new SparseDepth(2, 2, new int[] {0}, new float[] {0}))
        .hasMessageContaining("valid");
  }

  @Test
  void readsBackWhatA16BitPngAtTheSameScaleReadsBack() {
    // Random sparse depths from 1 mm to 300 m (past 1/256's 255.996 m, which saturates), at both
    // scales the service uses: the sparse form must hold exactly the PNG's values, so that a map
    // scores the same whichever form it was kept in.
    Random random = new Random(5);
    for (double scale : new double[] {DepthPngCodec.KITTI, DepthPngCodec.MILLIMETRES}) {
      float[] metres = new float[97 * 61];
      for (int i = 0; i < metres.length; i++) {
        if (random.nextInt(7) == 0) {
          metres[i] = (float) Math.exp(Math.log(1e-3) + random.nextDouble() * Math.log(3e5));
        }
      }
      DepthImage dense = new DepthImage(97, 61, metres);
      DepthImage viaPng = DepthPngCodec.decode(DepthPngCodec.encode(dense, scale), scale);
      byte[] encoded = SparseDepthCodec.encode(SparseDepth.of(dense), scale);
      SparseDepth back = SparseDepthCodec.decode(encoded, ImageLimits.DEFAULTS);

      assertThat(back.toImage().metres()).as("scale %s", scale).containsExactly(viaPng.metres());
      assertThat(SparseDepthCodec.scaleOf(encoded)).isEqualTo(scale);
      assertThat(encoded[0]).isEqualTo(SparseDepthCodec.FORMAT);
    }
  }

  @Test
  void anEmptyMapIsAFewBytes() {
    SparseDepth none = SparseDepth.of(DepthImage.empty(640, 480));
    byte[] encoded = SparseDepthCodec.encode(none, DepthPngCodec.KITTI);
    assertThat(encoded.length).isLessThan(16);
    SparseDepth back = SparseDepthCodec.decode(encoded, ImageLimits.DEFAULTS);
    assertThat(back.count()).isZero();
    assertThat(back.width()).isEqualTo(640);
  }

  @Test
  void refusesTruncatedForeignAndOversizedEncodings() {
    SparseDepth some =
        new SparseDepth(640, 480, new int[] {10, 11, 5000}, new float[] {3f, 3.1f, 40f});
    byte[] encoded = SparseDepthCodec.encode(some, DepthPngCodec.KITTI);
    for (int cut = 0; cut < encoded.length; cut++) {
      byte[] truncated = Arrays.copyOf(encoded, cut);
      assertThatThrownBy(() -> SparseDepthCodec.decode(truncated, ImageLimits.DEFAULTS))
          .as("cut at %d", cut)
          .isInstanceOf(IllegalArgumentException.class);
    }
    byte[] trailing = Arrays.copyOf(encoded, encoded.length + 1);
    assertThatThrownBy(() -> SparseDepthCodec.decode(trailing, ImageLimits.DEFAULTS))
        .hasMessageContaining("after its last pixel");
    byte[] foreign = encoded.clone();
    foreign[0] = (byte) 0xC3;
    assertThatThrownBy(() -> SparseDepthCodec.decode(foreign, ImageLimits.DEFAULTS))
        .hasMessageContaining("format");
    assertThatThrownBy(
            () -> SparseDepthCodec.decode(encoded, new ImageLimits(320, 240, 1024 * 1024)))
        .isInstanceOf(ImageRejectedException.class);
  }
}
