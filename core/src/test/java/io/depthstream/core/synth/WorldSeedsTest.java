package io.depthstream.core.synth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WorldSeedsTest {

  /** Twenty consecutive seeds, as {@code synth --worlds 20 --seed 900000} numbers its worlds. */
  private static LongStream twentyFrom(long first) {
    return LongStream.range(first, first + 20);
  }

  @Test
  void firstDrawsOfNeighbouringSeedsSpreadOverTheRange() {
    DoubleSummaryStatistics raw =
        twentyFrom(900_000).mapToDouble(s -> new Random(s).nextDouble()).summaryStatistics();
    DoubleSummaryStatistics mixed =
        twentyFrom(900_000).mapToDouble(s -> WorldSeeds.random(s).nextDouble()).summaryStatistics();
    // the trap this class exists for: plain java.util.Random hardly moves between neighbours
    assertThat(raw.getMax() - raw.getMin()).isLessThan(0.01);
    assertThat(mixed.getMax() - mixed.getMin()).isGreaterThan(0.6);
  }

  @Test
  void neighbouringRoomsDifferInWidth() {
    DoubleSummaryStatistics widths =
        twentyFrom(900_000).mapToDouble(s -> new IndoorLayout(s).width()).summaryStatistics();
    // widths are drawn from 3.6..5.6 m
    assertThat(widths.getMax() - widths.getMin()).isGreaterThan(1.2);
  }

  @Test
  void neighbouringStreetsHaveBothLaneCounts() {
    assertThat(twentyFrom(900_000).mapToInt(s -> new StreetLayout(s).lanes()).distinct())
        .containsExactlyInAnyOrder(1, 2);
  }

  @Test
  void partsOfOneWorldAndTheSamePartOfNeighbouringWorldsDiffer() {
    double[] blocks =
        IntStream.range(0, 20).mapToDouble(b -> WorldSeeds.random(7, b).nextDouble()).toArray();
    double[] worlds =
        twentyFrom(7).mapToDouble(s -> WorldSeeds.random(s, 3).nextDouble()).toArray();
    assertThat(spread(blocks)).isGreaterThan(0.6);
    assertThat(spread(worlds)).isGreaterThan(0.6);
    assertThat(WorldSeeds.random(7, 3).nextLong()).isEqualTo(WorldSeeds.random(7, 3).nextLong());
  }

  private static double spread(double[] values) {
    DoubleSummaryStatistics s = Arrays.stream(values).summaryStatistics();
    return s.getMax() - s.getMin();
  }
}
