package io.depthstream.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.LidarProjector;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticWorldTest {

  @ParameterizedTest
  @EnumSource(SceneKind.class)
  void sameSeedGivesTheSameBytesSequentialOrParallel(SceneKind kind) {
    SyntheticFrame a = new SyntheticWorld(kind, 42).render(96, 72, 7);
    SyntheticFrame b = new SyntheticWorld(kind, 42).withParallelRows(true).render(96, 72, 7);
    assertThat(b.rgb().rgb()).isEqualTo(a.rgb().rgb());
    assertThat(b.depth().metres()).isEqualTo(a.depth().metres());
    assertThat(b.lidarPoints()).isEqualTo(a.lidarPoints());
    assertThat(b.calibration()).isEqualTo(a.calibration());
  }

  @ParameterizedTest
  @EnumSource(SceneKind.class)
  void otherSeedsAndFramesLookDifferent(SceneKind kind) {
    SyntheticFrame a = new SyntheticWorld(kind, 1).render(64, 48, 0);
    SyntheticFrame b = new SyntheticWorld(kind, 2).render(64, 48, 0);
    SyntheticFrame c = new SyntheticWorld(kind, 1).render(64, 48, 5);
    assertThat(Arrays.equals(a.rgb().rgb(), b.rgb().rgb())).isFalse();
    assertThat(Arrays.equals(a.depth().metres(), c.depth().metres())).isFalse();
  }

  @Test
  void switchingTheLidarOffLeavesPictureAndDepthAlone() {
    SyntheticWorld world = new SyntheticWorld(SceneKind.STREET, 4);
    SyntheticFrame with = world.render(48, 36, 2);
    SyntheticFrame without = world.withLidar(false).render(48, 36, 2);
    assertThat(without.lidarPoints()).isEmpty();
    assertThat(without.rgb().rgb()).isEqualTo(with.rgb().rgb());
    assertThat(without.depth().metres()).isEqualTo(with.depth().metres());
  }

  @Test
  void framesAreTenPerSecondFromAFixedStart() {
    SyntheticWorld world = new SyntheticWorld(SceneKind.INDOOR, 3);
    assertThat(world.render(16, 12, 0).timestampMillis()).isEqualTo(SyntheticWorld.START_MILLIS);
    SyntheticFrame f = world.render(16, 12, 25);
    assertThat(f.timestampMillis()).isEqualTo(SyntheticWorld.START_MILLIS + 2500);
    assertThat(f.index()).isEqualTo(25);
  }

  @Test
  void indoorDepthIsEverywhereValidAndWithinTenMetres() {
    for (long seed = 0; seed < 6; seed++) {
      SyntheticWorld world = new SyntheticWorld(SceneKind.INDOOR, seed);
      for (int frame = 0; frame < 300; frame += 75) {
        DepthImage depth = world.render(80, 60, frame).depth();
        assertThat(depth.validCount()).as("seed %d frame %d", seed, frame).isEqualTo(80 * 60);
        for (float d : depth.metres()) {
          assertThat(d).isBetween(0.05f, 10f);
        }
      }
    }
  }

  @Test
  void streetSkyHasNoDepthAndNothingPassesEightyMetres() {
    SyntheticFrame frame = new SyntheticWorld(SceneKind.STREET, 5).render(160, 120, 3);
    DepthImage depth = frame.depth();
    // straight up the middle of the street is open sky
    assertThat(depth.at(80, 0)).isZero();
    assertThat(depth.validCount()).isBetween(160 * 120 / 3, 160 * 120 - 1);
    for (float d : depth.metres()) {
      assertThat(d == 0f || (d > 0f && d <= 80f)).isTrue();
    }
  }

  @Test
  void streetRoadDepthMatchesTheFlatGroundFormula() {
    SyntheticFrame frame = new SyntheticWorld(SceneKind.STREET, 5).render(160, 120, 3);
    CameraIntrinsics k = frame.calibration().intrinsics();
    // level camera 1.65 m above a flat road: row v (centre v + ½) sees it at z = fy·h / (v + ½ −
    // cy)
    for (int v = 100; v < 120; v++) {
      double expected = k.fy() * StreetLayout.CAMERA_HEIGHT / (v + 0.5 - k.cy());
      assertThat((double) frame.depth().at(80, v)).isCloseTo(expected, within(1e-4));
    }
  }

  @ParameterizedTest
  @EnumSource(SceneKind.class)
  void lidarPointsProjectOntoTheDenseDepth(SceneKind kind) {
    SyntheticFrame frame = new SyntheticWorld(kind, 11).render(320, 240, 4);
    LidarCheck check = LidarCheck.of(frame);
    assertThat(check.compared).isGreaterThan(kind == SceneKind.STREET ? 3000 : 1500);
    // where four neighbouring pixels lie on one surface the point must match to a few cm
    assertThat(check.within3cm).isGreaterThanOrEqualTo((int) (0.97 * check.compared));
    assertThat(check.medianError).isLessThan(0.005);
  }

  @ParameterizedTest
  @EnumSource(SceneKind.class)
  void lidarProjectorSparseDepthAgreesWithDenseDepthAwayFromEdges(SceneKind kind) {
    SyntheticFrame frame = new SyntheticWorld(kind, 12).render(320, 240, 9);
    DepthImage sparse =
        new LidarProjector()
            .project(frame.lidarPoints(), SyntheticFrame.LIDAR_STRIDE, frame.calibration());
    DepthImage dense = frame.depth();
    int compared = 0;
    int agreeing = 0;
    for (int y = 1; y < sparse.height() - 1; y++) {
      for (int x = 1; x < sparse.width() - 1; x++) {
        float s = sparse.at(x, y);
        if (!DepthImage.isValid(s) || !smoothAround(dense, x, y)) {
          continue;
        }
        compared++;
        // the point lies somewhere in the pixel, the dense value at its centre: allow half a pixel
        if (Math.abs(s - dense.at(x, y)) <= 0.03 + 0.01 * dense.at(x, y)) {
          agreeing++;
        }
      }
    }
    assertThat(compared).isGreaterThan(1000);
    assertThat(agreeing).isGreaterThanOrEqualTo((int) (0.97 * compared));
  }

  private static boolean smoothAround(DepthImage depth, int x, int y) {
    float lo = Float.MAX_VALUE;
    float hi = 0;
    for (int dy = -1; dy <= 1; dy++) {
      for (int dx = -1; dx <= 1; dx++) {
        float d = depth.at(x + dx, y + dy);
        if (!DepthImage.isValid(d)) {
          return false;
        }
        lo = Math.min(lo, d);
        hi = Math.max(hi, d);
      }
    }
    return hi - lo <= 0.03 * lo;
  }

  @Test
  void lidarStaysWithinRangeAndAboveTheRoad() {
    SyntheticFrame frame = new SyntheticWorld(SceneKind.STREET, 8).render(32, 24, 0);
    float[] p = frame.lidarPoints();
    assertThat(frame.lidarPointCount()).isGreaterThan(40_000);
    int onRoad = 0;
    for (int i = 0; i < p.length; i += SyntheticFrame.LIDAR_STRIDE) {
      double range = Math.sqrt(p[i] * p[i] + p[i + 1] * p[i + 1] + p[i + 2] * p[i + 2]);
      assertThat(range).isBetween(0.5, 120.0001);
      // the LiDAR sits 1.73 m above the road, nothing is below it
      assertThat(p[i + 2]).isGreaterThan(-1.7305f);
      assertThat(p[i + 3]).isBetween(0f, 1f);
      if (Math.abs(p[i + 2] + 1.73) < 1e-3) {
        onRoad++;
      }
    }
    assertThat(onRoad).isGreaterThan(frame.lidarPointCount() / 4);
  }

  @Test
  void indoorLidarSeesOnlyTheRoom() {
    SyntheticFrame frame = new SyntheticWorld(SceneKind.INDOOR, 8).render(32, 24, 0);
    float[] p = frame.lidarPoints();
    // a closed room returns every beam
    assertThat(frame.lidarPointCount()).isEqualTo(64 * 1800);
    for (int i = 0; i < p.length; i += 4) {
      assertThat(Math.sqrt(p[i] * p[i] + p[i + 1] * p[i + 1] + p[i + 2] * p[i + 2]))
          .isLessThan(10.0);
    }
  }

  @Test
  void badArgumentsAreRejectedWithTheFix() {
    SyntheticWorld world = new SyntheticWorld(SceneKind.STREET, 1);
    assertThatThrownBy(() -> world.render(0, 48, 0))
        .hasMessageContaining("0x48")
        .hasMessageContaining("640x480");
    assertThatThrownBy(() -> world.render(64, 48, -1)).hasMessageContaining("frame index");
    assertThatThrownBy(() -> SceneKind.parse("forest")).hasMessageContaining("indoor, street");
    assertThat(SceneKind.parse(" Street ")).isEqualTo(SceneKind.STREET);
  }

  /** Projects each LiDAR point through the calibration and compares it with the dense depth. */
  static final class LidarCheck {
    int compared;
    int within3cm;
    double medianError;

    static LidarCheck of(SyntheticFrame frame) {
      CameraIntrinsics k = frame.calibration().intrinsics();
      DepthImage depth = frame.depth();
      float[] p = frame.lidarPoints();
      double[] cam = new double[3];
      double[] errors = new double[p.length / 4];
      LidarCheck check = new LidarCheck();
      for (int i = 0; i < p.length; i += 4) {
        frame.calibration().lidarToCamera().apply(p[i], p[i + 1], p[i + 2], cam);
        if (cam[2] < 0.1) {
          continue;
        }
        // pixel centres sit at x + ½, so shift by half a pixel to interpolate between centres
        double u = k.fx() * cam[0] / cam[2] + k.cx() - 0.5;
        double v = k.fy() * cam[1] / cam[2] + k.cy() - 0.5;
        int x0 = (int) Math.floor(u);
        int y0 = (int) Math.floor(v);
        if (x0 < 0 || y0 < 0 || x0 + 1 >= k.width() || y0 + 1 >= k.height()) {
          continue;
        }
        float a = depth.at(x0, y0);
        float b = depth.at(x0 + 1, y0);
        float c = depth.at(x0, y0 + 1);
        float d = depth.at(x0 + 1, y0 + 1);
        float lo = Math.min(Math.min(a, b), Math.min(c, d));
        float hi = Math.max(Math.max(a, b), Math.max(c, d));
        // skip edges: all four on one surface, so no occlusion boundary in between
        if (!(lo > 0) || hi - lo > 0.02 * lo) {
          continue;
        }
        // inverse depth is linear across a plane's image, so interpolate it bilinearly
        double fu = u - x0;
        double fv = v - y0;
        double inverse = (1 - fv) * ((1 - fu) / a + fu / b) + fv * ((1 - fu) / c + fu / d);
        double error = Math.abs(1 / inverse - cam[2]);
        errors[check.compared++] = error;
        if (error <= 0.03) {
          check.within3cm++;
        }
      }
      double[] sorted = Arrays.copyOf(errors, check.compared);
      Arrays.sort(sorted);
      check.medianError = sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
      return check;
    }
  }
}
