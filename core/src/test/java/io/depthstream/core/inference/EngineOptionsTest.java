package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EngineOptionsTest {

  @Test
  void defaultsTryCudaWithRuntimeThreadCountsAndBatchesOfEight() {
    EngineOptions options = EngineOptions.defaults();
    assertThat(options.device()).isEqualTo(DeviceChoice.AUTO);
    assertThat(options.intraOpThreads()).isZero();
    assertThat(options.maxBatchSize()).isEqualTo(8);
    assertThat(options.flipTest()).isFalse();
    assertThat(options.withFlipTest(true).withMaxBatchSize(2).withCudaDeviceId(1))
        .isEqualTo(new EngineOptions(DeviceChoice.AUTO, 1, 0, 0, 2, true));
  }

  @Test
  void spinningIsOnnxRuntimesOwnUnlessTurnedOffAndSurvivesTheOtherSettings() {
    assertThat(EngineOptions.defaults().intraOpSpinning()).isTrue();
    EngineOptions quiet =
        EngineOptions.defaults()
            .withIntraOpSpinning(false)
            .withDevice(DeviceChoice.CPU)
            .withThreads(2, 1)
            .withMaxBatchSize(4)
            .withFlipTest(true)
            .withCudaDeviceId(1);
    assertThat(quiet.intraOpSpinning()).isFalse();
    assertThat(quiet).isEqualTo(new EngineOptions(DeviceChoice.CPU, 1, 2, 1, 4, true, false));
  }

  @Test
  void nonsenseIsRefusedWithTheValue() {
    assertThatThrownBy(() -> EngineOptions.defaults().withMaxBatchSize(0))
        .hasMessageContaining("at least 1, got 0");
    assertThatThrownBy(() -> EngineOptions.defaults().withThreads(-1, 0))
        .hasMessageContaining("intra-op -1");
  }

  @Test
  void deviceParsesConfigurationValues() {
    assertThat(DeviceChoice.parse(" cuda ")).isEqualTo(DeviceChoice.CUDA);
    assertThat(DeviceChoice.parse("Auto")).isEqualTo(DeviceChoice.AUTO);
    assertThatThrownBy(() -> DeviceChoice.parse("gpu"))
        .hasMessageContaining("device 'gpu' is not one of auto, cuda, cpu");
  }
}
