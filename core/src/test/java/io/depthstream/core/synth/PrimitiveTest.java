package io.depthstream.core.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PrimitiveTest {

  private static final Material M = Material.plain(0x808080);
  private static final double EPS = 1e-12;

  @Test
  void planeIsHitOnlyFromTheSideItFaces() {
    Plane floor = new Plane(2, 0, true, M);
    // from 1.65 m up, looking down 45° with an unnormalised direction (1, 0, -1)
    assertThat(floor.intersect(0, 0, 1.65, 1, 0, -1)).isCloseTo(1.65, within(EPS));
    assertThat(floor.intersect(0, 0, 1.65, 1, 0, 1)).isInfinite();
    assertThat(floor.intersect(0, 0, -1, 0, 0, 1)).isInfinite();
    SurfacePoint sp = new SurfacePoint();
    floor.describe(2, 3, 0, sp);
    assertThat(new double[] {sp.nx, sp.ny, sp.nz, sp.u, sp.v})
        .containsExactly(new double[] {0, 0, 1, 2, 3}, within(EPS));
  }

  @Test
  void boxReportsEntryDistanceAndFaceNormal() {
    Box box = Box.between(4, -1, 0, 6, 1, 2, M);
    assertThat(box.intersect(0, 0, 1, 1, 0, 0)).isCloseTo(4, within(EPS));
    // t counts in units of |d|: a direction twice as long halves t
    assertThat(box.intersect(0, 0, 1, 2, 0, 0)).isCloseTo(2, within(EPS));
    assertThat(box.intersect(0, 0, 1, -1, 0, 0)).isInfinite();
    assertThat(box.intersect(0, 0, 3, 1, 0, 0)).isInfinite();
    SurfacePoint sp = new SurfacePoint();
    box.describe(4, 0.5, 1.5, sp);
    assertThat(new double[] {sp.nx, sp.ny, sp.nz})
        .containsExactly(new double[] {-1, 0, 0}, within(EPS));
    // texture coordinates start at the box's minimum corner
    assertThat(sp.u).isCloseTo(1.5, within(EPS));
    assertThat(sp.v).isCloseTo(1.5, within(EPS));
  }

  @Test
  void turnedBoxPresentsItsCornerAlongTheDiagonal() {
    // a 2 m cube turned 45° at x = 5: its nearest corner is √2 m before the centre
    Box box = Box.turned(5, 0, 0, 1, 1, 1, Math.PI / 4, M);
    assertThat(box.intersect(0, 0, 0, 1, 0, 0)).isCloseTo(5 - Math.sqrt(2), within(1e-9));
    assertThat(box.bounds().minX()).isCloseTo(5 - Math.sqrt(2), within(1e-9));
    // a quarter turn becomes an axis-aligned box with swapped extents
    Box quarter = Box.turned(0, 0, 0, 3, 1, 1, Math.PI / 2, M);
    assertThat(quarter.bounds().maxX()).isCloseTo(1, within(EPS));
    assertThat(quarter.bounds().maxY()).isCloseTo(3, within(EPS));
  }

  @Test
  void cylinderIsHitOnItsSideAndCap() {
    Cylinder pole = new Cylinder(10, 0, 0.5, 0, 3, M);
    assertThat(pole.intersect(0, 0, 1, 1, 0, 0)).isCloseTo(9.5, within(EPS));
    assertThat(pole.intersect(0, 0, 4, 1, 0, 0)).isInfinite();
    // straight down onto the top cap from 5 m
    assertThat(pole.intersect(10, 0.2, 5, 0, 0, -1)).isCloseTo(2, within(EPS));
    SurfacePoint sp = new SurfacePoint();
    pole.describe(9.5, 0, 1, sp);
    assertThat(sp.nx).isCloseTo(-1, within(EPS));
    pole.describe(10, 0.2, 3, sp);
    assertThat(sp.nz).isCloseTo(1, within(EPS));
    assertThatThrownBy(() -> new Cylinder(0, 0, 0, 0, 1, M)).hasMessageContaining("radius");
  }

  @Test
  void cylinderLyingAlongYIsAWheel() {
    // a wheel of radius 0.33 m, axle at x = 5, z = 0.33, from y = −1 to −0.8
    Cylinder wheel = new Cylinder(1, 0.33, 5, 0.33, -1, -0.8, M);
    assertThat(wheel.intersect(0, -0.9, 0.33, 1, 0, 0)).isCloseTo(4.67, within(1e-12));
    assertThat(wheel.intersect(5, -10, 0.33, 0, 1, 0)).isCloseTo(9, within(1e-12));
    assertThat(wheel.intersect(0, 0, 0.33, 1, 0, 0)).isInfinite();
    SurfacePoint sp = new SurfacePoint();
    wheel.describe(4.67, -0.9, 0.33, sp);
    assertThat(new double[] {sp.nx, sp.ny, sp.nz})
        .containsExactly(new double[] {-1, 0, 0}, within(1e-12));
    wheel.describe(5, -1, 0.33, sp);
    assertThat(new double[] {sp.nx, sp.ny, sp.nz})
        .containsExactly(new double[] {0, -1, 0}, within(1e-12));
    assertThat(wheel.bounds()).isEqualTo(new Bounds(4.67, -1, 0, 5.33, -0.8, 0.66));
  }

  @Test
  void sphereIsHitAtItsNearSurface() {
    Sphere ball = new Sphere(0, 7, 0, 2, M);
    assertThat(ball.intersect(0, 0, 0, 0, 1, 0)).isCloseTo(5, within(EPS));
    assertThat(ball.intersect(0, 0, 0, 0, -1, 0)).isInfinite();
    assertThat(ball.intersect(0, 0, 2.5, 0, 1, 0)).isInfinite();
  }

  @Test
  void coverageIsTheBoxFilteredShareOfTheInterval() {
    // window [0.25, 0.75] of a 1 m period, sampled with a 0.1 m footprint
    assertThat(Pattern.coverage(0.5, 1, 0.25, 0.75, 0.1)).isCloseTo(1, within(EPS));
    assertThat(Pattern.coverage(0.1, 1, 0.25, 0.75, 0.1)).isCloseTo(0, within(EPS));
    assertThat(Pattern.coverage(0.25, 1, 0.25, 0.75, 0.1)).isCloseTo(0.5, within(EPS));
    // a footprint wider than the period sees the average
    assertThat(Pattern.coverage(0.1, 1, 0.25, 0.75, 3)).isCloseTo(0.5, within(EPS));
    // lines centred on multiples of the period
    assertThat(Pattern.coverage(2.0, 1, -0.05, 0.05, 0.1)).isCloseTo(1, within(EPS));
    assertThat(Pattern.band(1.0, 0.9, 1.2, 0.4)).isCloseTo(0.75, within(EPS));
  }
}
