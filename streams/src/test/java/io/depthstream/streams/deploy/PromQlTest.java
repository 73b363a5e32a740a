package io.depthstream.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The small PromQL reader DeploymentManifestsTest relies on, on expressions read by hand. */
class PromQlTest {

  @Test
  void namesTheSelectedMetricsNotFunctionsLabelsOrGroupings() {
    assertThat(
            PromQl.metricNames(
                "sum(rate(depthstream_dlq_total{topic=\"camera.frames\"}[5m])) / clamp_min("
                    + "sum(rate(depthstream_frames_in_total[5m])), 1e-3) > 0.05"))
        .containsExactly("depthstream_dlq_total", "depthstream_frames_in_total");
    assertThat(
            PromQl.metricNames(
                "histogram_quantile(0.95, sum by (le) "
                    + "(rate(depthstream_inference_seconds_bucket[$__rate_interval])))"))
        .containsExactly("depthstream_inference_seconds_bucket");
    assertThat(PromQl.metricNames("up{job=\"depthstream\"} == 0 and on(instance) vector(1)"))
        .containsExactly("up");
  }

  @Test
  void readsOnlyEqualityMatchers() {
    assertThat(
            PromQl.equalityMatchers(
                "kafka_consumergroup_lag{consumergroup=\"depthstream\", topic!=\"x\","
                    + " key=~\"$vehicle\"}"))
        .containsExactly(new PromQl.LabelMatch("consumergroup", "depthstream"));
  }

  @Test
  void anExpressionOfOnlyNumbersSelectsNothing() {
    assertThat(PromQl.metricNames("1 + 2.5e3 * vector(0)")).isEmpty();
  }
}
