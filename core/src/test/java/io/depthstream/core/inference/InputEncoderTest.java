package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.image.RgbImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InputEncoderTest {

  private static final List<Double> ONES = List.of(1.0, 1.0, 1.0);

  private static RgbImage twoPixels() {
    RgbImage image = RgbImage.blank(2, 1);
    image.set(0, 0, 255, 0, 51);
    image.set(1, 0, 0, 102, 255);
    return image;
  }

  @Test
  void nchwPutsEachChannelInItsOwnPlane() {
    InputEncoder encoder =
        new InputEncoder(new ModelInput(2, 1, TensorLayout.NCHW, Normalisation.DENSEDEPTH));
    FloatBuffer tensor = FloatBuffer.allocate(2 * encoder.valuesPerImage());
    encoder.encode(twoPixels(), tensor, 1);
    float[] values = tensor.array();
    // Slot 0 untouched; slot 1 = R plane, G plane, B plane, each /255.
    assertThat(values)
        .containsExactly(new float[] {0, 0, 0, 0, 0, 0, 1f, 0f, 0f, 0.4f, 0.2f, 1f}, within(1e-6f));
  }

  @Test
  void nhwcInterleavesChannelsPerPixel() {
    InputEncoder encoder =
        new InputEncoder(new ModelInput(2, 1, TensorLayout.NHWC, Normalisation.DENSEDEPTH));
    FloatBuffer tensor = FloatBuffer.allocate(encoder.valuesPerImage());
    encoder.encode(twoPixels(), tensor, 0);
    assertThat(tensor.array())
        .containsExactly(new float[] {1f, 0f, 0.2f, 0f, 0.4f, 1f}, within(1e-6f));
  }

  @Test
  void mirroredEncodingSwapsColumns() {
    InputEncoder encoder =
        new InputEncoder(new ModelInput(2, 1, TensorLayout.NHWC, Normalisation.DENSEDEPTH));
    FloatBuffer tensor = FloatBuffer.allocate(encoder.valuesPerImage());
    encoder.encode(twoPixels(), tensor, 0, true);
    assertThat(tensor.array())
        .containsExactly(new float[] {0f, 0.4f, 1f, 1f, 0f, 0.2f}, within(1e-6f));
  }

  @Test
  void imagenetStatisticsAreAppliedPerChannel() {
    InputEncoder encoder =
        new InputEncoder(new ModelInput(1, 1, TensorLayout.NHWC, Normalisation.IMAGENET));
    RgbImage image = RgbImage.blank(1, 1);
    image.set(0, 0, 255, 0, 51);
    FloatBuffer tensor = FloatBuffer.allocate(3);
    encoder.encode(image, tensor, 0);
    assertThat(tensor.array())
        .containsExactly(
            new float[] {
              (float) ((1.0 - 0.485) / 0.229),
              (float) (-0.456 / 0.224),
              (float) ((0.2 - 0.406) / 0.225)
            },
            within(1e-5f));
  }

  @Test
  void framesAreResizedBilinearlyToTheModelSize() {
    // A 2×1 frame, red 0 then 200, widened to 4×1: 0, 50, 150, 200 (see BilinearResamplerTest).
    RgbImage image = RgbImage.blank(2, 1);
    image.set(1, 0, 200, 0, 0);
    InputEncoder encoder =
        new InputEncoder(
            new ModelInput(
                4, 1, TensorLayout.NCHW, new Normalisation(1.0, List.of(0.0, 0.0, 0.0), ONES)));
    FloatBuffer tensor = FloatBuffer.allocate(encoder.valuesPerImage());
    encoder.encode(image, tensor, 0);
    float[] red = Arrays.copyOf(tensor.array(), 4);
    assertThat(red).containsExactly(new float[] {0f, 50f, 150f, 200f}, within(1e-4f));
  }
}
