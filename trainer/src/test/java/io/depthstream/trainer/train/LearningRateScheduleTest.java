package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

  private static final LearningRateSchedule TWO_DROPS =
      new LearningRateSchedule(1e-3, List.of(100L, 200L), 0.5);

  @Test
  void dropsByTheFactorAtEachDecayStep() {
    assertThat(TWO_DROPS.rateAt(0)).isEqualTo(1e-3);
    assertThat(TWO_DROPS.rateAt(99)).isEqualTo(1e-3);
    assertThat(TWO_DROPS.rateAt(100)).isEqualTo(5e-4);
    assertThat(TWO_DROPS.rateAt(199)).isEqualTo(5e-4);
    assertThat(TWO_DROPS.rateAt(200)).isEqualTo(2.5e-4);
    assertThat(TWO_DROPS.rateAt(1_000_000)).isEqualTo(2.5e-4);
    assertThat(LearningRateSchedule.constant(3e-4).rateAt(1_000_000)).isEqualTo(3e-4);
  }

  @Test
  void saysWhatItDoes() {
    assertThat(TWO_DROPS).hasToString("0.001, x0.5 at steps 100,200");
    assertThat(LearningRateSchedule.constant(5e-4)).hasToString("5.0E-4");
  }

  @Test
  void aResumedRunAddsDecaysFromItsStepOn() {
    LearningRateSchedule constant = LearningRateSchedule.constant(5e-4);
    LearningRateSchedule finished = constant.resumedAt(4200, List.of(4200L), 0.1, 0);
    assertThat(finished.decaySteps()).containsExactly(4200L);
    assertThat(finished.rateAt(4199)).isEqualTo(5e-4);
    assertThat(finished.rateAt(4200)).isEqualTo(5e-4 * 0.1);
    assertThat(constant.resumedAt(4200, List.of(), 0.1, 0)).isSameAs(constant);
  }

  @Test
  void aResumedRunMayRepeatPassedDecaysAndReplaceFutureOnes() {
    LearningRateSchedule resumed = TWO_DROPS.resumedAt(150, List.of(100L, 300L), 0.5, 0);
    assertThat(resumed.decaySteps()).containsExactly(100L, 300L);
    assertThat(resumed.rateAt(250)).isEqualTo(5e-4);
  }

  @Test
  void aResumedRunCannotRewriteThePast() {
    assertThatThrownBy(() -> TWO_DROPS.resumedAt(150, List.of(120L), 0.5, 0))
        .hasMessageContaining("--lr-decay-at 120 lies before the checkpoint's step 150")
        .hasMessageContaining("at step 150 or later");
    assertThatThrownBy(() -> TWO_DROPS.resumedAt(150, List.of(100L, 300L), 0.1, 0))
        .hasMessageContaining("--lr-decay 0.1 differs from the 0.5")
        .hasMessageContaining("keep --lr-decay 0.5");
  }

  @Test
  void refusesSchedulesThatMakeNoSense() {
    assertThatThrownBy(() -> new LearningRateSchedule(0, List.of(), 1))
        .hasMessageContaining("--lr must be a positive number");
    assertThatThrownBy(() -> new LearningRateSchedule(1e-3, List.of(5L), 1.5))
        .hasMessageContaining("--lr-decay must be in (0, 1]");
    assertThatThrownBy(() -> new LearningRateSchedule(1e-3, List.of(5L, 5L), 0.1))
        .hasMessageContaining("ascending");
    assertThatThrownBy(() -> new LearningRateSchedule(1e-3, List.of(0L), 0.1))
        .hasMessageContaining("at least 1");
  }

  @Test
  void aWarmUpRisesLinearlyToTheBaseThenDecaysAsBefore() {
    LearningRateSchedule warm = new LearningRateSchedule(2e-4, List.of(300L), 0.1, 100);
    assertThat(warm.rateAt(0)).isCloseTo(2e-6, within(1e-12));
    assertThat(warm.rateAt(49)).isCloseTo(1e-4, within(1e-12));
    assertThat(warm.rateAt(99)).isEqualTo(2e-4);
    assertThat(warm.rateAt(100)).isEqualTo(2e-4);
    assertThat(warm.rateAt(300)).isCloseTo(2e-5, within(1e-15));
    for (long step = 1; step < 100; step++) {
      assertThat(warm.rateAt(step)).isGreaterThan(warm.rateAt(step - 1));
    }
    assertThat(warm).hasToString("2.0E-4 after a 100-step warm-up, x0.1 at step 300");
    assertThat(warm.resumedAt(150, List.of(200L), 0.1, 0).warmupSteps()).isEqualTo(100);
    assertThat(warm.resumedAt(150, List.of(), 0.1, 100)).isSameAs(warm);
    assertThatThrownBy(() -> warm.resumedAt(150, List.of(), 0.1, 5))
        .hasMessageContaining(
            "--lr-warmup 5 cannot change the warm-up of a resumed run (100 steps");
    assertThatThrownBy(() -> new LearningRateSchedule(1e-3, List.of(), 1, -1))
        .hasMessageContaining("--lr-warmup must be 0");
  }
}
