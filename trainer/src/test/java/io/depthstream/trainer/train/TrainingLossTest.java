package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingLossTest {

  @Test
  void aKindAloneHasTheDefaultMetricWeight() {
    TrainingLoss loss = TrainingLoss.of(LossKind.DENSEDEPTH_SILOG_METRIC);
    assertThat(loss.metricWeight()).isEqualTo(DepthLoss.METRIC_WEIGHT);
    assertThat(loss.defaultWeights()).isTrue();
    assertThat(loss).hasToString("densedepth-silog-metric");
  }

  @Test
  void anotherMetricWeightIsNamedWhereTheLossIsPrinted() {
    assertThat(new TrainingLoss(LossKind.DENSEDEPTH_SILOG_METRIC, 300))
        .hasToString("densedepth-silog-metric, metric weight 300");
    assertThat(new TrainingLoss(LossKind.DENSEDEPTH_SILOG_METRIC, 12.5))
        .hasToString("densedepth-silog-metric, metric weight 12.5");
  }

  @Test
  void aResumedRunKeepsItsCheckpointsWeightAndRefusesAnother() {
    TrainingLoss kept = new TrainingLoss(LossKind.DENSEDEPTH_SILOG_METRIC, 300);
    assertThat(kept.resumedWith(null)).isSameAs(kept);
    assertThat(kept.resumedWith(300.0)).isSameAs(kept);
    assertThatThrownBy(() -> kept.resumedWith(100.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--metric-weight 100.0 cannot change a resumed run's loss (densedepth-silog-metric,"
                + " metric weight 300, from its checkpoint); drop --metric-weight to resume");
  }

  @Test
  void refusesAWeightThatIsNotAPositiveNumber() {
    for (double w : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new TrainingLoss(LossKind.DENSEDEPTH_SILOG_METRIC, w))
          .as("%s", w)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--metric-weight must be a positive number");
    }
  }

  @Test
  void refusesAWeightForALossWithoutTheMetricTerm() {
    assertThatThrownBy(() -> new TrainingLoss(LossKind.DENSEDEPTH_SILOG, 300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "--metric-weight weighs the metric term of --loss densedepth-silog-metric, and --loss"
                + " densedepth-silog has none; drop --metric-weight or use --loss"
                + " densedepth-silog-metric");
  }
}
