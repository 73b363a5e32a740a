package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.synth.SceneKind;
import org.junit.jupiter.api.Test;

class SyntheticDatasetTest {

  @Test
  void rendersDenseAndLidarGroundTruthDeterministically() {
    SyntheticDataset dense =
        new SyntheticDataset(
            SceneKind.STREET, 4, 48, 32, 10, 3, SyntheticDataset.GroundTruth.DENSE);
    SyntheticDataset lidar =
        new SyntheticDataset(
            SceneKind.STREET, 4, 48, 32, 10, 3, SyntheticDataset.GroundTruth.LIDAR);

    assertThat(dense.size()).isEqualTo(3);
    DepthSample a = dense.sample(1);
    DepthSample b = dense.sample(1);
    assertThat(a.rgb().rgb()).isEqualTo(b.rgb().rgb());
    assertThat(a.depth().metres()).isEqualTo(b.depth().metres());
    assertThat(a.source()).contains("frame 11");

    DepthSample sparse = lidar.sample(1);
    assertThat(sparse.rgb().rgb()).isEqualTo(a.rgb().rgb());
    assertThat(sparse.depth().validCount()).isPositive().isLessThan(a.depth().validCount());
  }
}
