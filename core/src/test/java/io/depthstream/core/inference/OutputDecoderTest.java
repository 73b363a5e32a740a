package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OutputDecoderTest {

  @Test
  void metricOutputIsScaledAndClipped() {
    OutputDecoder decoder = new OutputDecoder(new ModelOutput(OutputKind.DEPTH_M, 2.0, 0.5, 10.0));
    float[] out = decoder.decode(new float[] {0.1f, 1f, 3f, 9f}, 4, 1, 4, 1);
    // 2·y = 0.2 (→ 0.5), 2, 6, 18 (→ 10)
    assertThat(out).containsExactly(new float[] {0.5f, 2f, 6f, 10f}, within(1e-6f));
  }

  @Test
  void denseDepthInverseNormIsDepthScaleOverOutput() {
    // NYU DenseDepth: y = 1000/d_cm, depth_scale = 10 m; y = 100 → 0.1 m, y = 10 → 1 m, y = 1 → 10
    // m.
    OutputDecoder decoder =
        new OutputDecoder(new ModelOutput(OutputKind.DEPTH_INVERSE_NORM, 10.0, 0.1, 10.0));
    float[] out = decoder.decode(new float[] {100f, 10f, 1f, 0.5f}, 4, 1, 4, 1);
    assertThat(out).containsExactly(new float[] {0.1f, 1f, 10f, 10f}, within(1e-6f));
  }

  @Test
  void nonPositiveInverseOutputReadsAsFarthestAndNanStaysInvalid() {
    OutputDecoder decoder =
        new OutputDecoder(new ModelOutput(OutputKind.DEPTH_INVERSE_NORM, 10.0, 0.1, 10.0));
    float[] out = decoder.decode(new float[] {0f, -3f, Float.NaN}, 3, 1, 3, 1);
    assertThat(out[0]).isEqualTo(10f);
    assertThat(out[1]).isEqualTo(10f);
    assertThat(out[2]).isNaN();
  }

  @Test
  void relativeOutputIsLeftRawButUpsampled() {
    OutputDecoder decoder =
        new OutputDecoder(new ModelOutput(OutputKind.INVERSE_RELATIVE, 1.0, 0.1, 10.0));
    float[] out = decoder.decode(new float[] {-4f, 400f}, 2, 1, 4, 1);
    assertThat(out).containsExactly(new float[] {-4f, 97f, 299f, 400f}, within(1e-4f));
  }

  @Test
  void decodesBeforeUpsampling() {
    // Inverse then interpolate: y = 10 and 1 → 1 m and 10 m → 1, 3.25, 7.75, 10 m.
    OutputDecoder decoder =
        new OutputDecoder(new ModelOutput(OutputKind.DEPTH_INVERSE_NORM, 10.0, 0.1, 10.0));
    float[] out = decoder.decode(new float[] {10f, 1f}, 2, 1, 4, 1);
    assertThat(out).containsExactly(new float[] {1f, 3.25f, 7.75f, 10f}, within(1e-5f));
  }

  @Test
  void aCalibrationCorrectsDecodedDepthAtModelResolutionAndIsClippedAgain() {
    // Knots 1 m -> 1 m and 10 m -> 12 m; the range is 0.5 .. 11 m.
    DepthCalibration calibration =
        new DepthCalibration(List.of(1.0, 10.0), List.of(1.0, 12.0), List.of(), "calibrate");
    OutputDecoder decoder =
        new OutputDecoder(
            new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.5, 11.0)
                .withCalibration(Optional.of(calibration)));
    float[] out =
        decoder.decode(new float[] {1f, (float) Math.sqrt(10), 10f, Float.NaN}, 4, 1, false);
    // sqrt(10) is halfway in log depth: (1 + 12) / 2; 10 m would be 12 m, clipped to 11.
    assertThat(out[0]).isCloseTo(1f, within(1e-6f));
    assertThat(out[1]).isCloseTo(6.5f, within(1e-5f));
    assertThat(out[2]).isEqualTo(11f);
    assertThat(out[3]).isNaN();
  }

  @Test
  void relativeOutputsTakeNoCalibration() {
    DepthCalibration calibration =
        new DepthCalibration(List.of(1.0, 10.0), List.of(1.0, 12.0), List.of(), "calibrate");
    ModelOutput relative = new ModelOutput(OutputKind.INVERSE_RELATIVE, 1.0, 0.1, 10.0);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> relative.withCalibration(Optional.of(calibration)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metric outputs only");
  }
}
