package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DepthScaleTest {

  private static ModelOutput upTo(double maxDepth) {
    return new ModelOutput(OutputKind.DEPTH_INVERSE_NORM, maxDepth, 0.1, maxDepth);
  }

  @Test
  void theRangeChoosesMillimetresUpTo65535mAndOneTwoHundredFiftySixthBeyond() {
    assertThat(DepthScale.forRange(10)).isEqualTo(0.001);
    assertThat(DepthScale.forRange(65.535)).isEqualTo(0.001);
    assertThat(DepthScale.forRange(65.536)).isEqualTo(1.0 / 256);
    assertThat(DepthScale.forRange(80)).isEqualTo(1.0 / 256);
  }

  @Test
  void anOverrideWinsOverTheBundleWhichWinsOverTheRange() {
    ModelOutput street = upTo(80);
    assertThat(DepthScale.forOutput(street, Optional.empty()))
        .isEqualTo(new DepthScale(1.0 / 256, DepthScale.Source.RANGE));
    assertThat(DepthScale.forOutput(street.withPngScale(0.002), Optional.empty()))
        .isEqualTo(new DepthScale(0.002, DepthScale.Source.BUNDLE));
    assertThat(DepthScale.forOutput(street.withPngScale(0.002), Optional.of(0.001)))
        .isEqualTo(new DepthScale(0.001, DepthScale.Source.OVERRIDE));
    assertThat(DepthScale.forOutput(upTo(10), Optional.empty()).metresPerUnit()).isEqualTo(0.001);
  }

  @Test
  void theChosenScaleKeepsTheModelsFarthestDepth() {
    // The point of it: an 80 m prediction published and read back is still about 80 m.
    DepthScale scale = DepthScale.forOutput(upTo(80), Optional.empty());
    DepthImage far = new DepthImage(1, 1, new float[] {80f});
    float back =
        DepthPngCodec.decode(
                DepthPngCodec.encode(far, scale.metresPerUnit()), scale.metresPerUnit())
            .at(0, 0);
    assertThat((double) back).isCloseTo(80, within(0.002));
    assertThat(scale.covers(80)).isTrue();
    assertThat(new DepthScale(0.001, DepthScale.Source.OVERRIDE).covers(80)).isFalse();
  }

  @Test
  void theLogLineSaysWhereTheScaleCameFromAndWarnsWhenMapsSaturate() {
    assertThat(DepthScale.forOutput(upTo(80), Optional.empty()).describe(upTo(80)))
        .isEqualTo(
            "depth maps at 0.00390625 m per unit (up to 255.996 m), chosen for output.max_depth"
                + " 80.000 m");
    assertThat(DepthScale.forOutput(upTo(80), Optional.of(0.001)).describe(upTo(80)))
        .startsWith("depth maps at 0.001 m per unit (up to 65.535 m), set explicitly")
        .contains("the model predicts up to 80.000 m, farther depths saturate at 65.535 m");
  }

  @Test
  void aScaleMustBeAPositiveNumber() {
    assertThatThrownBy(() -> DepthScale.forOutput(upTo(80), Optional.of(0.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive number of metres per unit, got 0.0");
    assertThatThrownBy(() -> upTo(10).withPngScale(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("png_scale must be a positive number");
  }
}
