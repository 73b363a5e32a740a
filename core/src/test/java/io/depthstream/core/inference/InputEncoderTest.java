package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.image.Resampling;
import io.depthstream.core.image.RgbImage;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
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
  void framesAreResizedBilinearlyWhenTheModelIsLarger() {
    // A 2×1 frame, red 0 then 200, widened to 4×1: 0, 50, 150, 200 (see ResamplingTest).
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

  @Test
  void largerFramesAreAreaAveragedToExactlyThePixelsTheTrainerFits() {
    // A 320×240 frame for a 128×96 model (2.5× smaller): the tensor holds Resampling.rgb's bytes,
    // the same call the trainer's InputSize.fit makes, normalised (DenseDepth: /255).
    byte[] rgb = new byte[320 * 240 * 3];
    new Random(11).nextBytes(rgb);
    RgbImage frame = new RgbImage(320, 240, rgb);
    InputEncoder encoder =
        new InputEncoder(new ModelInput(128, 96, TensorLayout.NCHW, Normalisation.DENSEDEPTH));
    FloatBuffer tensor = FloatBuffer.allocate(encoder.valuesPerImage());

    encoder.encode(frame, tensor, 0);

    RgbImage fitted = Resampling.rgb(frame, 128, 96);
    float[] values = tensor.array();
    int plane = 128 * 96;
    for (int y = 0; y < 96; y++) {
      for (int x = 0; x < 128; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(values[c * plane + y * 128 + x])
              .isCloseTo(fitted.channel(x, y, c) / 255f, within(1e-6f));
        }
      }
    }
    // Pixel (0, 0) covers source [0, 2.5)²: 4 whole pixels, 4 halves and a quarter, over 6.25.
    double red = 0;
    for (int sy = 0; sy < 3; sy++) {
      for (int sx = 0; sx < 3; sx++) {
        red += (sx == 2 ? 0.5 : 1) * (sy == 2 ? 0.5 : 1) * frame.channel(sx, sy, 0);
      }
    }
    assertThat(values[0] * 255).isCloseTo(Math.round(red / 6.25), within(1e-3f));
  }
}
