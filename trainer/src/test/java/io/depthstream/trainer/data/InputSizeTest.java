package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.Resampling;
import io.depthstream.core.image.RgbImage;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.train.Batch;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InputSizeTest {

  @Test
  void fitsTheImageToTheInputAndTheDepthToHalfOfIt() {
    DepthSample s =
        new DepthSample(DataFixtures.gradient(64, 48), DataFixtures.constantDepth(64, 48, 2f), "t");
    DepthSample fitted = new InputSize(32, 24).fit(s);
    assertThat(fitted.rgb().width()).isEqualTo(32);
    assertThat(fitted.rgb().height()).isEqualTo(24);
    assertThat(fitted.depth().width()).isEqualTo(16);
    assertThat(fitted.depth().height()).isEqualTo(12);
    assertThat(fitted.depth().at(3, 3)).isEqualTo(2f);
  }

  @Test
  void aFullResolutionModelTrainsAgainstDepthAtTheInputSize() {
    DepthSample s =
        new DepthSample(DataFixtures.gradient(64, 48), DataFixtures.constantDepth(64, 48, 2f), "t");
    DepthSample fitted = new InputSize(32, 24, 1).fit(s);
    assertThat(fitted.depth().width()).isEqualTo(32);
    assertThat(fitted.depth().height()).isEqualTo(24);
    assertThat(
            new ModelConfig(
                    Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0, DepthHead.regression(), 8)
                .trainingDepthDivisor())
        .isEqualTo(1);
    assertThat(
            new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0).trainingDepthDivisor())
        .isEqualTo(2);
  }

  @Test
  void sparseDepthStaysSparseWhenFitted() {
    float[] d = new float[8 * 8];
    d[0] = 40f; // a single LiDAR return in the top-left 4×4 block of an 8×8 map
    DepthSample s = new DepthSample(RgbImage.blank(8, 8), new DepthImage(8, 8, d), "lidar");
    DepthSample fitted = new InputSize(4, 4).fit(s);
    assertThat(fitted.depth().metres()).containsExactly(40f, 0f, 0f, 0f);
  }

  @Test
  void theBatchHoldsThePixelsTheEngineFeedsTheModel() {
    // A 320×240 frame for a 128×96 model: the trainer's input tensor is Resampling.rgb's bytes
    // over 255, as the engine's InputEncoder writes them for a DenseDepth bundle (whose own test,
    // InputEncoderTest, checks its side against the same call).
    byte[] rgb = new byte[320 * 240 * 3];
    new Random(5).nextBytes(rgb);
    RgbImage frame = new RgbImage(320, 240, rgb);
    DepthSample sample = new DepthSample(frame, DataFixtures.constantDepth(320, 240, 3f), "f");
    DepthDataset one =
        new DepthDataset() {
          @Override
          public String name() {
            return "one";
          }

          @Override
          public int size() {
            return 1;
          }

          @Override
          public DepthSample sample(int index) {
            return sample;
          }
        };
    DatasetBatchSource source =
        new DatasetBatchSource(one, new InputSize(128, 96), 1, DepthAugmentation.none(), false, 0);

    Batch batch = source.next();

    RgbImage served = Resampling.rgb(frame, 128, 96);
    int plane = 128 * 96;
    for (int y = 0; y < 96; y++) {
      for (int x = 0; x < 128; x++) {
        for (int c = 0; c < 3; c++) {
          assertThat(batch.images()[c * plane + y * 128 + x])
              .isCloseTo(served.channel(x, y, c) / 255f, within(1e-6f));
        }
      }
    }
  }
}
