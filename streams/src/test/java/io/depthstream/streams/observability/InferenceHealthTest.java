package io.depthstream.streams.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class InferenceHealthTest {

  @Test
  void healthyUntilAFullWindowHasTheFailureRatio() {
    InferenceHealth health = new InferenceHealth(4, 0.75);
    health.record(false);
    health.record(false);
    health.record(false);
    assertThat(health.healthy()).as("three runs are not yet a window of four").isTrue();
    health.record(true);
    assertThat(health.healthy()).as("3 of 4 failed, the ratio is 0.75").isFalse();
    health.record(true);
    assertThat(health.healthy()).as("the oldest failure left the window: 2 of 4").isTrue();
    assertThat(health.recentFailures()).isEqualTo(2);
    assertThat(health.recentRuns()).isEqualTo(4);
  }

  @Test
  void aModelThatAlwaysFailsIsUnhealthyAndRecovers() {
    InferenceHealth health = new InferenceHealth(20, 0.8);
    for (int i = 0; i < 20; i++) {
      health.record(false);
    }
    assertThat(health.healthy()).isFalse();
    for (int i = 0; i < 5; i++) {
      health.record(true);
    }
    assertThat(health.healthy()).as("15 of 20 failed, under 0.8").isTrue();
  }

  @Test
  void settingsMustMakeSense() {
    assertThatThrownBy(() -> new InferenceHealth(0, 0.5)).hasMessageContaining("inference-window");
    assertThatThrownBy(() -> new InferenceHealth(5, 1.5))
        .hasMessageContaining("inference-failure-ratio");
  }
}
