package io.depthstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthBins;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.inference.BinnedOutput;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.TensorLayout;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.BinModel;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.serde.AvroBytes;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A depth-classification bundle ({@code depth_bins}) is served like any other: bins in, metres out.
 */
class DepthBinsTopologyTest {

  @TempDir Path temp;

  /**
   * Three uniform bins over 1–4 m (edges 1, 2, 3, 4; centres 1.5, 2.5, 3.5). The model scores every
   * pixel with the constant logits (0, 0, 5), so argmax picks bin 2 and the map reads 3.5 m.
   */
  @Test
  void argmaxBundleDecodesToTheWinningBinsCentre() {
    assertThat(servedDepth(BinnedOutput.Readout.ARGMAX, new float[] {0, 0, 5})).isEqualTo(3.5);
  }

  /**
   * Equal logits (0, 0, 0): softmax gives 1/3 each, so the expectation is (1.5 + 2.5 + 3.5) / 3 =
   * 2.5 m.
   */
  @Test
  void expectationBundleDecodesToTheProbabilityWeightedCentre() {
    assertThat(servedDepth(BinnedOutput.Readout.EXPECTATION, new float[] {0, 0, 0}))
        .isCloseTo(2.5, within(1e-3));
  }

  private double servedDepth(BinnedOutput.Readout readout, float[] biases) {
    BinModel model = new BinModel(new float[3], biases, TensorLayout.NCHW, 8, 8);
    BinnedOutput bins =
        new BinnedOutput(DepthBins.uniform(3, 1, 4), readout, BinnedOutput.Activation.SOFTMAX);
    var bundle =
        OnnxTestModels.writeBundle(
            temp.resolve("bins-" + readout), "bins", model, ModelOutput.depthBins(bins, 0.5, 10));
    try (TopologyFixture fixture =
        new TopologyFixture(temp.resolve("run-" + readout), Map.of(), bundle)) {
      fixture.clock.set(1_020);
      fixture.sendFrame(TestRecords.greyFrame(1, 1_000, 100));
      DepthMap map = fixture.depthMaps.readRecord().value();
      DepthImage depth = DepthPngCodec.decode(AvroBytes.toArray(map.getDepthPng()), map.getScale());
      assertThat(depth.width()).isEqualTo(TestRecords.WIDTH);
      assertThat(depth.height()).isEqualTo(TestRecords.HEIGHT);
      float first = depth.metres()[0];
      for (float d : depth.metres()) {
        assertThat(d).isEqualTo(first);
      }
      assertThat(fixture.metrics.framesOut()).isEqualTo(1);
      return first;
    }
  }
}
