package io.depthstream.streams.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.onnx.OnnxTestModels;
import java.nio.file.Path;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelReadinessCheckTest {

  @TempDir Path temp;

  @Test
  void readinessFollowsTheRecentModelRunsNotOnlyTheLoadedBundle() {
    InferenceHealth health = new InferenceHealth(4, 0.75);
    try (DepthEstimator estimator =
        DepthEstimator.open(
            OnnxTestModels.greyToDepthBundle(temp.resolve("model")),
            EngineOptions.defaults().withDevice(DeviceChoice.CPU))) {
      ModelReadinessCheck check = new ModelReadinessCheck(estimator, health);
      assertThat(check.call().getStatus()).isEqualTo(HealthCheckResponse.Status.UP);
      for (int i = 0; i < 4; i++) {
        health.record(false);
      }
      HealthCheckResponse down = check.call();
      assertThat(down.getStatus()).isEqualTo(HealthCheckResponse.Status.DOWN);
      assertThat(down.getData().orElseThrow()).containsEntry("recent failures", "4 of 4");
    }
  }
}
