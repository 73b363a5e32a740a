package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DepthEstimatorTest {

  private static final EngineOptions CPU =
      EngineOptions.defaults().withDevice(DeviceChoice.CPU).withThreads(1, 1);

  @TempDir Path dir;

  private static RgbImage grey(int width, int height, int level) {
    RgbImage image = RgbImage.blank(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.set(x, y, level, level, level);
      }
    }
    return image;
  }

  private static void assertUniform(DepthImage depth, double expected) {
    for (float v : depth.metres()) {
      assertThat((double) v).isCloseTo(expected, within(1e-4));
    }
  }

  private ModelBundle bundle(MeanModel model, ModelOutput output) {
    return OnnxTestModels.writeBundle(
        dir.resolve("m"), "mean", model, (int) model.width(), (int) model.height(), output);
  }

  @Test
  void metricOutputOfUniformGreyIsGainTimesLevel() {
    ModelBundle bundle =
        bundle(MeanModel.of(10f, 0.5f, 8, 8), new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0));
    try (DepthEstimator estimator = DepthEstimator.open(bundle, CPU)) {
      DepthPrediction prediction = estimator.predict(grey(16, 12, 102));
      assertThat(prediction.relative()).isFalse();
      assertThat(prediction.provider()).isEqualTo("CPU");
      assertThat(prediction.depth().width()).isEqualTo(16);
      assertThat(prediction.depth().height()).isEqualTo(12);
      // 10 · 102/255 + 0.5 = 4.5 m
      assertUniform(prediction.depth(), 4.5);
    }
  }
}
