package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.ModelConfig;
import org.junit.jupiter.api.Test;

class MemoryEstimateTest {

  private final ModelConfig config = new ModelConfig(Architecture.BASELINE_CONV, 0, 256, 256, 10);

  @Test
  void activationsGrowLinearlyWithBatchSize() {
    MemoryEstimate one = MemoryEstimate.training(config, 1);
    MemoryEstimate eight = MemoryEstimate.training(config, 8);
    assertThat(eight.activationBytes()).isEqualTo(8 * one.activationBytes());
    assertThat(eight.parameterBytes()).isEqualTo(one.parameterBytes());
    // parameter, gradient, two Adam moments and an update temporary, float32, plus the runtime
    assertThat(one.parameterBytes())
        .isEqualTo(config.network().parameterCount() * 20 + MemoryEstimate.RUNTIME_BYTES);
  }

  @Test
  void refusesWithTheBatchSizeThatWouldFit() {
    MemoryEstimate eight = MemoryEstimate.training(config, 8);
    long perImage = eight.activationBytes() / 8;
    long available = eight.parameterBytes() + 3 * perImage + perImage / 2;
    assertThatThrownBy(() -> eight.requireFits(config, 8, available))
        .hasMessageContaining("baseline-conv at 256x256 with batch size 8 needs about")
        .hasMessageContaining("Use --batch-size 3 or smaller")
        .hasMessageContaining("DEPTHSTREAM_JAVA_OPTS");
    assertThatCode(() -> MemoryEstimate.training(config, 3).requireFits(config, 3, available))
        .doesNotThrowAnyException();
  }

  @Test
  void fullDenseDepth169AtNyuSizeNeedsGigabytesPerImage() {
    MemoryEstimate e =
        MemoryEstimate.training(ModelConfig.defaults(Architecture.DENSEDEPTH_169, 10), 1);
    assertThat(e.activationBytes()).isGreaterThan(1L << 30);
    assertThatThrownBy(
            () -> e.requireFits(ModelConfig.defaults(Architecture.DENSEDEPTH_169, 10), 1, 1L << 30))
        .hasMessageContaining("Even one image does not fit");
  }
}
