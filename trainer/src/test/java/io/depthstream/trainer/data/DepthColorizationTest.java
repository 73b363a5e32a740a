package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DepthColorizationTest {

  /** A 3×3 intensity patch around a centre; {@code k} follows DX/DY (k = 1 is above, 4 right). */
  private static float[] weightsOfCentre(float centre, float[] neighbours) {
    float[] patch = new float[9];
    int[] order = {0, 1, 2, 3, 5, 6, 7, 8};
    for (int k = 0; k < 8; k++) {
      patch[order[k]] = neighbours[k];
    }
    patch[4] = centre;
    float[] out = new float[8];
    DepthColorization.neighbourWeights(patch, 3, 3, 1, 1, out, 0);
    return out;
  }

  @Test
  void weightsFollowTheToolboxByHand() {
    // Centre 0.5, the right neighbour 0.9, the rest 0.5: window variance 0.16·8/81, σ² = 0.6 of
    // it; the seven alike get exp(0) = 1, the bright one exp(-0.16/σ²) = exp(-16.875); normalised.
    float[] w = weightsOfCentre(0.5f, new float[] {.5f, .5f, .5f, .5f, .9f, .5f, .5f, .5f});
    for (int k = 0; k < 8; k++) {
      if (k == 4) {
        assertThat((double) w[k]).isCloseTo(6.7016628e-9, within(1e-12));
      } else {
        assertThat((double) w[k]).isCloseTo(0.142857142, within(1e-7));
      }
    }
    // Centre 0, one neighbour 0.2, seven 1.0: variance 0.142222, σ² = 0.085333 (above the floor
    // 0.04 / ln 100); weights exp(-0.46875) and exp(-11.71875), normalised.
    float[] dark = weightsOfCentre(0f, new float[] {1f, 1f, 1f, .2f, 1f, 1f, 1f, 1f});
    assertThat((double) dark[3]).isCloseTo(0.999908957, within(1e-6));
    assertThat((double) dark[0]).isCloseTo(1.30061134e-5, within(1e-9));
    double sum = 0;
    for (float v : dark) {
      sum += v;
    }
    assertThat(sum).isCloseTo(1.0, within(1e-6));
  }

  @Test
  void aPixelUnlikeAllItsNeighboursStillListensToTheMostAlike() {
    // Centre 0, neighbours 0.9 and 1.0: without the floor σ² would leave every weight ~exp(-8).
    float[] w = weightsOfCentre(0f, new float[] {1f, 1f, 1f, 1f, .9f, 1f, 1f, 1f});
    // σ² = 0.81 / ln 100, so exp(-0.81/σ²) = 0.01 for the 0.9 neighbour before normalising
    double raw09 = 0.01;
    double raw10 = Math.exp(-1.0 / (0.81 / Math.log(100)));
    double total = raw09 + 7 * raw10;
    assertThat((double) w[4]).isCloseTo(raw09 / total, within(1e-6));
  }

  @Test
  void measuredDepthIsKeptAndEveryHoleFilledWithinTheMeasuredRange() {
    int w = 40;
    int h = 30;
    SplittableRandom random = new SplittableRandom(7);
    float[] depth = new float[w * h];
    float[] intensity = new float[w * h];
    for (int i = 0; i < depth.length; i++) {
      intensity[i] = (float) random.nextDouble();
      if (random.nextDouble() < 0.1) {
        depth[i] = (float) (2 + 30 * random.nextDouble());
      }
    }
    DepthImage sparse = new DepthImage(w, h, depth.clone());
    DepthImage filled = DepthColorization.fill(sparse, intensity, 5000, 1e-7);
    float lo = Float.MAX_VALUE;
    float hi = 0;
    for (float d : depth) {
      if (d > 0) {
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
    for (int i = 0; i < depth.length; i++) {
      if (depth[i] > 0) {
        assertThat(filled.metres()[i]).as("measured pixel %d", i).isEqualTo(depth[i]);
      } else {
        assertThat(filled.metres()[i]).as("filled pixel %d", i).isBetween(lo, hi);
      }
    }
    assertThat(sparse.metres()).as("the input is not changed").isEqualTo(depth);
    // The fill is the fixed point: each filled pixel is the weighted mean of its neighbours.
    float[] weights = new float[8];
    int[] dx = {-1, 0, 1, -1, 1, -1, 0, 1};
    int[] dy = {-1, -1, -1, 0, 0, 1, 1, 1};
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (depth[y * w + x] > 0) {
          continue;
        }
        DepthColorization.neighbourWeights(intensity, w, h, x, y, weights, 0);
        double mean = 0;
        for (int k = 0; k < 8; k++) {
          if (weights[k] != 0) {
            mean += weights[k] * filled.at(x + dx[k], y + dy[k]);
          }
        }
        assertThat((double) filled.at(x, y)).isCloseTo(mean, within(1e-3));
      }
    }
  }

  @Test
  void depthStopsAtAnIntensityEdge() {
    // Left half dark, right half bright; one return on each side. The fill keeps each side's depth
    // instead of blending them across the whole image.
    int w = 32;
    int h = 16;
    float[] intensity = new float[w * h];
    float[] depth = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        intensity[y * w + x] = x < w / 2 ? 0.1f : 0.9f;
      }
    }
    depth[8 * w + 3] = 2f;
    depth[8 * w + 28] = 8f;
    DepthImage filled = DepthColorization.fill(new DepthImage(w, h, depth), intensity, 20000, 1e-8);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        float expected = x < w / 2 ? 2f : 8f;
        assertThat(filled.at(x, y)).as("(%d, %d)", x, y).isCloseTo(expected, within(0.25f));
      }
    }
  }

  @Test
  void onAUniformImageTheFillIsSmoothBetweenReturns() {
    // Returns in the first and last column only: on a flat image the fill is a harmonic
    // interpolation, monotone from 3 m to 9 m along each row.
    int w = 20;
    int h = 6;
    float[] intensity = new float[w * h];
    Arrays.fill(intensity, 0.5f);
    float[] depth = new float[w * h];
    for (int y = 0; y < h; y++) {
      depth[y * w] = 3f;
      depth[y * w + w - 1] = 9f;
    }
    DepthImage filled = DepthColorization.fill(new DepthImage(w, h, depth), intensity, 20000, 1e-9);
    for (int y = 0; y < h; y++) {
      for (int x = 1; x < w; x++) {
        assertThat(filled.at(x, y)).isGreaterThan(filled.at(x - 1, y));
      }
      assertThat((double) filled.at(w / 2, y)).isCloseTo(6.0, within(0.35));
    }
  }

  @Test
  void nothingToFillOrNothingToFillFromComesBackUnchanged() {
    DepthImage none = DepthImage.empty(8, 8);
    assertThat(DepthColorization.fill(none, new float[64], 10, 1e-6)).isSameAs(none);
    float[] all = new float[64];
    Arrays.fill(all, 4f);
    DepthImage dense = new DepthImage(8, 8, all);
    assertThat(DepthColorization.fill(dense, new float[64], 10, 1e-6)).isSameAs(dense);
  }

  @Test
  void aGuideOfAnotherSizeIsResizedToTheDepth() {
    // The sample's colour is at the model's input size, its depth at the output size (half).
    byte[] rgb = new byte[16 * 12 * 3];
    Arrays.fill(rgb, (byte) 128);
    float[] depth = new float[8 * 6];
    depth[0] = 5f;
    DepthImage filled =
        DepthColorization.fill(new DepthImage(8, 6, depth), new RgbImage(16, 12, rgb));
    for (float d : filled.metres()) {
      assertThat(d).isCloseTo(5f, within(1e-4f));
    }
  }

  @Test
  void targetsByName() {
    assertThat(TrainingTarget.fromId("Densified")).isEqualTo(TrainingTarget.DENSIFIED);
    assertThat(TrainingTarget.fromId("masked")).isEqualTo(TrainingTarget.MASKED);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingTarget.fromId("dense"))
        .hasMessageContaining("masked, densified");
  }
}
