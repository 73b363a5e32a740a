package io.depthstream.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The engine options the service builds from {@code depthstream.model.*}, read from the shipped
 * application.properties as a container sees it: what each setting turns into, so a key that no
 * longer reaches the engine fails here rather than silently in production.
 */
class ModelEngineSettingsTest {

  @Test
  void shippedDefaultsRunEachFrameOnceWithoutSpinning() {
    EngineOptions options = ContainerSettings.of(Map.of()).service().model().engineOptions();

    assertThat(options.flipTest()).isFalse();
    assertThat(options.intraOpSpinning()).isFalse();
    assertThat(options.intraOpThreads()).isZero();
    assertThat(options.device()).isEqualTo(DeviceChoice.AUTO);
  }

  @Test
  void flipTestFromTheEnvironmentReachesTheEngine() {
    EngineOptions options =
        ContainerSettings.of(Map.of("DEPTHSTREAM_MODEL_FLIP_TEST", "true"))
            .service()
            .model()
            .engineOptions();

    assertThat(options.flipTest()).isTrue();
    assertThat(options.intraOpSpinning()).as("other settings keep their values").isFalse();
  }

  @Test
  void threadsAndSpinningFromTheEnvironmentReachTheEngine() {
    EngineOptions options =
        ContainerSettings.of(
                Map.of(
                    "DEPTHSTREAM_MODEL_INTRA_OP_THREADS", "3",
                    "DEPTHSTREAM_MODEL_INTRA_OP_SPINNING", "true",
                    "DEPTHSTREAM_MODEL_DEVICE", "CPU"))
            .service()
            .model()
            .engineOptions();

    assertThat(options.intraOpThreads()).isEqualTo(3);
    assertThat(options.intraOpSpinning()).isTrue();
    assertThat(options.device()).isEqualTo(DeviceChoice.CPU);
    assertThat(options.flipTest()).isFalse();
  }
}
