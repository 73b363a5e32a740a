package io.depthstream.core.depth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class DepthBinsTest {

  @Test
  void sidEdgesDoubleEachBinForTwoBinsFromOneToFour() {
    // exp(ln 1 + i·ln 4 / 2) = 2^i.
    assertThat(DepthBins.sid(2, 1, 4).edges()).containsExactly(1.0, 2.0, 4.0);
  }

  @Test
  void sidEdgesForKittiRangeKeepAConstantRatio() {
    double[] t = DepthBins.sid(71, 1, 80).edges();

    assertThat(t).hasSize(72);
    assertThat(t[0]).isEqualTo(1.0);
    assertThat(t[71]).isEqualTo(80.0);
    // 80^(1/71) = exp(4.382026634673881 / 71) = 1.06366308...
    double ratio = Math.pow(80, 1.0 / 71);
    assertThat(t[1]).isCloseTo(1.06366308, within(1e-8));
    for (int i = 0; i < 71; i++) {
      assertThat(t[i + 1] / t[i]).isCloseTo(ratio, within(1e-12));
    }
  }

  @Test
  void uniformEdgesAndCentresAreEvenlySpaced() {
    DepthBins bins = DepthBins.uniform(4, 1, 9);

    assertThat(bins.edges()).containsExactly(1.0, 3.0, 5.0, 7.0, 9.0);
    assertThat(new double[] {bins.centre(0), bins.centre(1), bins.centre(2), bins.centre(3)})
        .containsExactly(2.0, 4.0, 6.0, 8.0);
  }

  @Test
  void sidCentresAreGeometricMeansOfTheirEdges() {
    DepthBins bins = DepthBins.sid(2, 1, 4);
    // √(1·2) and √(2·4).
    assertThat(bins.centre(0)).isCloseTo(Math.sqrt(2), within(1e-15));
    assertThat(bins.centre(1)).isCloseTo(2 * Math.sqrt(2), within(1e-15));
    assertThat(bins.depthOf(1)).isEqualTo(bins.centre(1));
  }

  @Test
  void anEdgeBelongsToTheBinAboveIt() {
    DepthBins bins = DepthBins.sid(2, 1, 4);

    assertThat(bins.binOf(1.0)).isZero();
    assertThat(bins.binOf(Math.nextDown(2.0))).isZero();
    assertThat(bins.binOf(2.0)).isEqualTo(1);
    assertThat(bins.binOf(Math.nextDown(4.0))).isEqualTo(1);
  }

  @Test
  void everyStoredEdgeOpensItsOwnBin() {
    for (DepthBins bins : List.of(DepthBins.sid(71, 1, 80), DepthBins.uniform(80, 0.5, 10))) {
      double[] t = bins.edges();
      for (int i = 1; i < bins.count(); i++) {
        assertThat(bins.binOf(t[i])).as("%s edge %d", bins, i).isEqualTo(i);
        assertThat(bins.binOf(Math.nextDown(t[i])))
            .as("%s below edge %d", bins, i)
            .isEqualTo(i - 1);
      }
    }
  }

  @Test
  void depthsOutsideTheRangeClampToTheEndBins() {
    DepthBins bins = DepthBins.sid(2, 1, 4);

    assertThat(bins.binOf(0.5)).isZero();
    assertThat(bins.binOf(Double.MIN_VALUE)).isZero();
    assertThat(bins.binOf(4.0)).isEqualTo(1);
    assertThat(bins.binOf(1e6)).isEqualTo(1);
  }

  @Test
  void invalidDepthsAreIgnored() {
    DepthBins bins = DepthBins.uniform(3, 1, 4);

    assertThat(bins.binOf(0)).isEqualTo(DepthBins.IGNORE);
    assertThat(bins.binOf(-2)).isEqualTo(DepthBins.IGNORE);
    assertThat(bins.binOf(Double.NaN)).isEqualTo(DepthBins.IGNORE);
    assertThat(bins.binOf(Double.POSITIVE_INFINITY)).isEqualTo(DepthBins.IGNORE);
    assertThat(DepthBins.IGNORE).isNegative();
  }

  @Test
  void everyCentreFallsBackIntoItsOwnBin() {
    for (int k : new int[] {2, 3, 7, 68, 71, 80, 256, 4096}) {
      for (DepthBins bins :
          List.of(
              DepthBins.sid(k, 1, 80),
              DepthBins.uniform(k, 1, 80),
              DepthBins.sid(k, 0.001, 10),
              DepthBins.uniform(k, 0.001, 10))) {
        for (int b = 0; b < k; b++) {
          assertThat(bins.binOf(bins.depthOf(b))).as("%s bin %d", bins, b).isEqualTo(b);
        }
      }
    }
  }

  @Test
  void oneHotProbabilitiesGiveTheBinCentre() {
    DepthBins bins = DepthBins.sid(4, 1, 16);
    for (int b = 0; b < 4; b++) {
      float[] p = new float[4];
      p[b] = 1f;
      assertThat(bins.expectedDepth(p)).isEqualTo(bins.centre(b));
    }
  }

  @Test
  void evenSplitGivesTheMeanOfTwoCentres() {
    DepthBins bins = DepthBins.sid(4, 1, 16);
    double mean = (bins.centre(1) + bins.centre(2)) / 2;

    assertThat(bins.expectedDepth(new float[] {0, 0.5f, 0.5f, 0})).isCloseTo(mean, within(1e-12));
    // Unnormalised weights are normalised first.
    assertThat(bins.expectedDepth(new float[] {0, 3f, 3f, 0})).isCloseTo(mean, within(1e-12));
  }

  @Test
  void unevenWeightsAreNormalised() {
    // Centres 2 and 4; (1·2 + 3·4) / 4 = 3.5.
    DepthBins bins = DepthBins.uniform(2, 1, 5);
    assertThat(bins.expectedDepth(new float[] {1f, 3f})).isEqualTo(3.5);
  }

  @Test
  void labelsIgnoreMissingDepthAndDepthBeyondTheCap() {
    DepthBins bins = DepthBins.sid(2, 1, 4);
    DepthImage gt =
        new DepthImage(4, 2, new float[] {0.5f, 1.5f, 2f, 4f, 4.5f, Float.NaN, 0f, -1f});

    assertThat(bins.label(gt))
        .containsExactly(0, 0, 1, 1, DepthBins.IGNORE, DepthBins.IGNORE, DepthBins.IGNORE, -1);
  }

  @Test
  void aPixelStoredAsTheFloatCapIsKept() {
    // 10.1f is 10.100000381..., above the double 10.1; compared in float it is the cap itself.
    DepthBins bins = DepthBins.uniform(2, 0.1, 10.1);
    assertThat(bins.label(new DepthImage(1, 1, new float[] {10.1f}))).containsExactly(1);
  }

  @Test
  void decodesChwProbabilitiesToExpectedDepth() {
    // Centres 2 and 4; pixel 0 sure of bin 0, pixel 1 sure of bin 1, pixel 2 split evenly.
    DepthBins bins = DepthBins.uniform(2, 1, 5);
    float[] chw = {1, 0, 0.5f, 0, 1, 0.5f};

    DepthImage depth = bins.decode(chw, 3, 1);

    assertThat(depth.width()).isEqualTo(3);
    assertThat(depth.height()).isEqualTo(1);
    assertThat(depth.metres()).containsExactly(2f, 4f, 3f);
  }

  @Test
  void decodesABatchImageByImage() {
    DepthBins bins = DepthBins.uniform(2, 1, 5);
    // Image 0 all bin 0, image 1 all bin 1; each image is 2x1, two channels.
    float[] nchw = {1, 1, 0, 0, 0, 0, 1, 1};

    List<DepthImage> depths = bins.decode(nchw, 2, 2, 1);

    assertThat(depths).hasSize(2);
    assertThat(depths.get(0).metres()).containsExactly(2f, 2f);
    assertThat(depths.get(1).metres()).containsExactly(4f, 4f);
  }

  @Test
  void badBinSettingsAreRejectedWithTheirValues() {
    assertThatThrownBy(() -> DepthBins.sid(1, 1, 80))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("K = 1");
    assertThatThrownBy(() -> DepthBins.sid(DepthBins.MAX_BINS + 1, 1, 80))
        .hasMessageContaining("K = " + (DepthBins.MAX_BINS + 1));
    assertThatThrownBy(() -> DepthBins.sid(71, 0, 80)).hasMessageContaining("α = 0.0");
    assertThatThrownBy(() -> DepthBins.uniform(71, 80, 80)).hasMessageContaining("β = 80.0");
    assertThatThrownBy(() -> DepthBins.uniform(71, 10, 1)).hasMessageContaining("0 < α < β");
    assertThatThrownBy(() -> DepthBins.sid(71, 1, Double.POSITIVE_INFINITY))
        .hasMessageContaining("β = Infinity");
    assertThatThrownBy(() -> DepthBins.sid(71, Double.NaN, 80)).hasMessageContaining("α = NaN");
    assertThatThrownBy(() -> DepthBins.sid(60000, 1, 1 + 1e-12))
        .hasMessageContaining("too narrow")
        .hasMessageContaining("use fewer bins");
  }

  @Test
  void badProbabilitiesAreRejectedWithTheOffendingBin() {
    DepthBins bins = DepthBins.sid(3, 1, 8);

    assertThatThrownBy(() -> bins.expectedDepth(new float[] {1, 0}))
        .hasMessageContaining("expected 3 probabilities")
        .hasMessageContaining("got 2");
    assertThatThrownBy(() -> bins.expectedDepth(new float[] {0.5f, -0.2f, 0.7f}))
        .hasMessageContaining("bin 1 is -0.2")
        .hasMessageContaining("softmax");
    assertThatThrownBy(() -> bins.expectedDepth(new float[] {0.5f, 0.2f, Float.NaN}))
        .hasMessageContaining("bin 2 is NaN");
    assertThatThrownBy(() -> bins.expectedDepth(new float[] {0, 0, 0}))
        .hasMessageContaining("all 3 probabilities are zero");
    assertThatThrownBy(() -> bins.centre(3)).hasMessageContaining("bin 3 is outside 0..2");
  }

  @Test
  void decodeNamesTheBadPixelAndTheExpectedShape() {
    DepthBins bins = DepthBins.uniform(2, 1, 5);

    assertThatThrownBy(() -> bins.decode(new float[5], 3, 1))
        .hasMessageContaining("1x2x1x3 holds 6 values, got 5");
    // Pixel (1, 0) of image 0 has no probability anywhere.
    assertThatThrownBy(() -> bins.decode(new float[] {1, 0, 0, 0}, 2, 1))
        .hasMessageContaining("image 0 pixel (1, 0)")
        .hasMessageContaining("all 2 probabilities are zero");
  }

  @Test
  void equalSettingsMakeEqualBins() {
    assertThat(DepthBins.sid(71, 1, 80))
        .isEqualTo(DepthBins.of(DepthBins.Spacing.SID, 71, 1, 80))
        .hasSameHashCodeAs(DepthBins.sid(71, 1, 80))
        .isNotEqualTo(DepthBins.uniform(71, 1, 80))
        .hasToString("SID K=71 [1.0, 80.0] m");
  }
}
