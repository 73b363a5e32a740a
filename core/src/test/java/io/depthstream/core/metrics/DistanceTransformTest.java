package io.depthstream.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistanceTransformTest {

  @Test
  void distancesToOnePixelAreEuclidean() {
    // 4x3, one "on" pixel at (0, 0): pixel (x, y) is sqrt(x^2 + y^2) away.
    boolean[] on = new boolean[12];
    on[0] = true;
    float[] d = DistanceTransform.euclidean(on, 4, 3);
    assertThat(d[0]).isZero();
    assertThat(d[1]).isEqualTo(1f);
    assertThat(d[2 * 4 + 1]).isCloseTo((float) Math.sqrt(5), within(1e-6f));
    assertThat(d[2 * 4 + 3]).isCloseTo((float) Math.sqrt(13), within(1e-6f));
  }

  @Test
  void noPixelIsInfinitelyFar() {
    float[] d = DistanceTransform.euclidean(new boolean[6], 3, 2);
    for (float v : d) {
      assertThat(v).isEqualTo(Float.POSITIVE_INFINITY);
    }
  }

  @Test
  void agreesWithBruteForceOnRandomMasks() {
    Random random = new Random(14);
    for (int trial = 0; trial < 20; trial++) {
      int w = 1 + random.nextInt(23);
      int h = 1 + random.nextInt(17);
      double density = random.nextDouble() * 0.2;
      boolean[] on = new boolean[w * h];
      for (int i = 0; i < on.length; i++) {
        on[i] = random.nextDouble() < density;
      }
      float[] d = DistanceTransform.euclidean(on, w, h);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double best = Double.POSITIVE_INFINITY;
          for (int j = 0; j < on.length; j++) {
            if (on[j]) {
              int dx = j % w - x;
              int dy = j / w - y;
              best = Math.min(best, Math.sqrt(dx * dx + dy * dy));
            }
          }
          if (Double.isInfinite(best)) {
            assertThat(d[y * w + x]).isEqualTo(Float.POSITIVE_INFINITY);
          } else {
            assertThat((double) d[y * w + x]).isCloseTo(best, within(1e-5));
          }
        }
      }
    }
  }
}
