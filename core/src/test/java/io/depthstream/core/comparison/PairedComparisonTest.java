package io.depthstream.core.comparison;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.metrics.DepthMetrics;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

  private static DepthMetrics scores(double delta1, double absRel, double rmse) {
    return new DepthMetrics(delta1, 0.99, 1, absRel, 0.1, rmse, 0.2, 0.05, 10, 1000);
  }

  @Test
  void comparesEachMetricOnTheSameFrames() {
    PairedComparison c = new PairedComparison();
    c.add(scores(0.90, 0.10, 2.0), scores(0.80, 0.15, 2.5));
    c.add(scores(0.70, 0.20, 3.0), scores(0.75, 0.18, 2.0));
    c.add(DepthMetrics.empty(), scores(0.5, 0.5, 5)); // the challenger scored nothing: no pair
    assertThat(c.pairs()).isEqualTo(2);
    // (0.10 + -0.05) / 2, (-0.05 + 0.02) / 2, (-0.5 + 1.0) / 2
    assertThat(c.difference(ComparisonMetric.DELTA1).mean()).isCloseTo(0.025, within(1e-12));
    assertThat(c.difference(ComparisonMetric.ABS_REL).mean()).isCloseTo(-0.015, within(1e-12));
    assertThat(c.difference(ComparisonMetric.RMSE).mean()).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void promotionRuleWantsEnoughPairsAnIntervalOffZeroAndTheMargin() {
    PromotionRule rule = PromotionRule.parse("abs_rel:0.01:5");
    PairedComparison c = new PairedComparison();
    for (int i = 0; i < 4; i++) {
      c.add(scores(0.9, 0.10 + 0.001 * i, 2), scores(0.9, 0.13, 2));
    }
    assertThat(rule.judge(c).promote()).isFalse();
    assertThat(rule.judge(c).reason()).contains("4 paired frames").contains("wants 5");
    c.add(scores(0.9, 0.10, 2), scores(0.9, 0.13, 2));
    assertThat(rule.judge(c).promote()).isTrue();
    assertThat(PromotionRule.parse("abs_rel:0.05:5").judge(c).promote()).isFalse();
    // Worse on the metric: never promoted, however sure.
    assertThat(PromotionRule.parse("delta1:0:2").judge(flat(0.8, 0.9)).promote()).isFalse();
    assertThat(PromotionRule.parse("delta1:0:2").judge(flat(0.95, 0.9)).promote()).isTrue();
  }

  private static PairedComparison flat(double challengerDelta1, double championDelta1) {
    PairedComparison c = new PairedComparison();
    for (int i = 0; i < 10; i++) {
      double wobble = (i % 2) * 0.01;
      c.add(scores(challengerDelta1 + wobble, 0.1, 2), scores(championDelta1, 0.1, 2));
    }
    return c;
  }

  @Test
  void badRulesSayHowToWriteThem() {
    assertThatThrownBy(() -> PromotionRule.parse("abs_rel>0.01"))
        .hasMessageContaining("abs_rel:0.005:500");
    assertThatThrownBy(() -> PromotionRule.parse("sharpness:0.1:10"))
        .hasMessageContaining("delta1, abs_rel, rmse");
    assertThatThrownBy(() -> PromotionRule.parse("rmse:x:10")).hasMessageContaining("number");
  }
}
