package io.depthstream.streams.models;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.comparison.PromotionRule;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.schemas.MetricDifference;
import io.depthstream.schemas.ModelComparison;
import io.depthstream.schemas.ModelEventKind;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depthstream.models.promote-when acting on the fleet-wide totals, with real sessions. */
class AutomaticPromotionTest {

  @TempDir Path temp;
  private ModelCatalog catalog;
  private ComparisonBoard board;

  @BeforeEach
  void load() {
    ModelLoader loader = new ModelLoader(EngineOptions.defaults().withDevice(DeviceChoice.CPU));
    catalog =
        new ModelCatalog(
            loader.open(ModelCatalogTest.bundle(temp.resolve("a"), "model-a", 10f)),
            List.of(loader.open(ModelCatalogTest.bundle(temp.resolve("b"), "model-b", 8f))),
            new ChallengerSampling(1),
            Clock.systemUTC(),
            "test");
    board = new ComparisonBoard(10, 10, Optional.of(PromotionRule.parse("abs_rel:0.01:100")));
    board.attach(catalog);
  }

  @AfterEach
  void close() {
    catalog.close();
  }

  /** A fleet-wide comparison whose abs_rel difference has this mean and half width. */
  private static ModelComparison fleet(boolean cumulative, long pairs, double mean, double half) {
    return ModelComparison.newBuilder()
        .setScope("FLEET")
        .setScopeKey("fleet")
        .setChampionId("model-a")
        .setChallengerId("model-b")
        .setCumulative(cumulative)
        .setWindowStart(0)
        .setWindowEnd(1000)
        .setDifferences(
            List.of(
                MetricDifference.newBuilder()
                    .setMetric("abs_rel")
                    .setPairs(pairs)
                    .setMean(mean)
                    // M2 such that t(0.975, n-1)·sqrt(M2/(n-1)/n) is about `half` for n >= 100
                    .setM2(Math.pow(half / 1.984, 2) * pairs * (pairs - 1))
                    .setLow(mean - half)
                    .setHigh(mean + half)
                    .build()))
        .build();
  }

  @Test
  void promotesOnlyWhenTheRuleHolds() {
    board.comparison(fleet(true, 99, -0.05, 0.01)); // too few pairs
    board.comparison(fleet(true, 500, -0.005, 0.001)); // better, but by less than 0.01
    board.comparison(fleet(true, 500, -0.05, 0.08)); // the interval reaches past 0
    board.comparison(fleet(false, 500, -0.05, 0.01)); // a window, not the total
    assertThat(catalog.champion().id()).isEqualTo("model-a");

    board.comparison(fleet(true, 500, -0.05, 0.01));

    assertThat(catalog.champion().id()).isEqualTo("model-b");
    assertThat(board.changes()).hasSize(1);
    ModelChange change = board.changes().get(0);
    assertThat(change.kind()).isEqualTo(ModelEventKind.AUTO_PROMOTED);
    assertThat(change.actor()).isEqualTo("rule abs_rel:0.01:100");
    assertThat(change.reason())
        .contains("abs_rel difference -0.0500")
        .contains("500 paired frames");
    // The same total arriving again compares against a champion that is no longer model-a.
    board.comparison(fleet(true, 501, -0.05, 0.01));
    assertThat(board.changes()).hasSize(1);
  }
}
