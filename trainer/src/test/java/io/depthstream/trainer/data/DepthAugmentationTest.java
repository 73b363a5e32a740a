package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import org.junit.jupiter.api.Test;

class DepthAugmentationTest {

  @Test
  void drawsFlipsAndSwapsAtThePapersRates() {
    DepthAugmentation aug = DepthAugmentation.denseDepth(42);
    int flips = 0;
    int swaps = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      DepthAugmentation.Choice c = aug.choose(i / 1000, i);
      flips += c.flip() ? 1 : 0;
      if (c.channelOrder() != null) {
        swaps++;
        assertThat(c.channelOrder()).isNotEqualTo(new int[] {0, 1, 2});
      }
    }
    // Binomial sd at n=20000 is ~0.0035 (p=.5) and ~0.003 (p=.25): 0.015 is over 4 sd.
    assertThat(flips / (double) n).isCloseTo(0.5, within(0.015));
    assertThat(swaps / (double) n).isCloseTo(0.25, within(0.015));
  }

  @Test
  void sameSeedEpochAndIndexGiveTheSameDraw() {
    DepthAugmentation a = DepthAugmentation.denseDepth(7);
    DepthAugmentation b = DepthAugmentation.denseDepth(7);
    int differentEpoch = 0;
    for (int i = 0; i < 200; i++) {
      assertThat(a.choose(3, i)).usingRecursiveComparison().isEqualTo(b.choose(3, i));
      if (a.choose(3, i).flip() != a.choose(4, i).flip()) {
        differentEpoch++;
      }
    }
    assertThat(differentEpoch).as("a new epoch draws anew").isGreaterThan(50);
  }

  @Test
  void flipMirrorsImageAndDepthTogether() {
    RgbImage rgb = RgbImage.blank(3, 1);
    rgb.set(0, 0, 1, 2, 3);
    rgb.set(2, 0, 7, 8, 9);
    DepthSample s = new DepthSample(rgb, new DepthImage(3, 1, new float[] {1, 2, 3}), "t");

    DepthSample flipped = new DepthAugmentation(1, 0, 1).apply(s, 0, 0);

    assertThat(flipped.depth().metres()).containsExactly(3, 2, 1);
    assertThat(flipped.rgb().rgb()).containsExactly(7, 8, 9, 0, 0, 0, 1, 2, 3);
    assertThat(s.depth().metres()).as("input untouched").containsExactly(1, 2, 3);
  }

  @Test
  void channelSwapPermutesColoursAndLeavesDepth() {
    RgbImage rgb = RgbImage.blank(1, 1);
    rgb.set(0, 0, 10, 20, 30);

    RgbImage swapped = DepthAugmentation.permuteChannels(rgb, new int[] {2, 0, 1});
    assertThat(swapped.rgb()).containsExactly(30, 10, 20);

    DepthSample s = new DepthSample(rgb, new DepthImage(1, 1, new float[] {5}), "t");
    DepthSample out = new DepthAugmentation(0, 1, 9).apply(s, 0, 0);
    assertThat(out.rgb().rgb()).isNotEqualTo(rgb.rgb());
    assertThat(out.rgb().rgb()).containsExactlyInAnyOrder(10, 20, 30);
    assertThat(out.depth()).isSameAs(s.depth());
  }

  @Test
  void noneLeavesSamplesAsTheyAre() {
    DepthSample s =
        new DepthSample(DataFixtures.gradient(4, 4), DataFixtures.constantDepth(4, 4, 1f), "t");
    assertThat(DepthAugmentation.none().apply(s, 5, 5)).isSameAs(s);
  }

  @Test
  void rejectsProbabilitiesOutsideZeroToOne() {
    assertThatThrownBy(() -> new DepthAugmentation(1.5, 0, 0)).hasMessageContaining("flip");
  }
}
