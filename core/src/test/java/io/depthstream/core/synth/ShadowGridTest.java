package io.depthstream.core.synth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ShadowGridTest {

  private static final Material WALL = Material.plain(0x808080);
  private static final Material LAMP = Material.of(Pattern.LAMP, 0xFFFFFF, 0xFFFFFF, 1);

  // a 10 m tall wall along x = 20..22, from y = −50 to 50
  private final ShadowGrid grid =
      new ShadowGrid(
          new Primitive[] {
            Box.between(20, -50, 0, 22, 50, 10, WALL), new Sphere(0, 0, 3, 0.2, LAMP)
          });

  @Test
  void theWallShadowsTheGroundBehindItFromALowSun() {
    // sun towards +x, 45° up: the wall's shadow reaches 10 m in front of it (x = 10..20)
    double s = Math.sqrt(0.5);
    assertThat(grid.blocked(15, 0, 0, s, 0, s, Double.POSITIVE_INFINITY)).isTrue();
    assertThat(grid.blocked(9, 0, 0, s, 0, s, Double.POSITIVE_INFINITY)).isFalse();
    // the sun behind the viewer: nothing in the way
    assertThat(grid.blocked(15, 0, 0, -s, 0, s, Double.POSITIVE_INFINITY)).isFalse();
  }

  @Test
  void aPointLampIsBlockedOnlyByWhatLiesBeforeIt() {
    // a lamp at x = 30 seen from x = 10: the wall is in between (t = 0.5 of the segment)
    assertThat(grid.blocked(10, 0, 1, 20, 0, 0, 1)).isTrue();
    // a lamp at x = 18, before the wall
    assertThat(grid.blocked(10, 0, 1, 8, 0, 0, 1)).isFalse();
  }

  @Test
  void glowingPrimitivesCastNoShadow() {
    // straight up through the lamp globe at (0, 0, 3)
    assertThat(grid.blocked(0, 0, 0, 0, 0, 1, Double.POSITIVE_INFINITY)).isFalse();
  }

  @Test
  void raysStartingOutsideTheGridStillFindTheWall() {
    assertThat(grid.blocked(-100, 0, 1, 1, 0, 0, Double.POSITIVE_INFINITY)).isTrue();
    assertThat(grid.blocked(-100, 0, 11, 1, 0, 0, Double.POSITIVE_INFINITY)).isFalse();
  }
}
