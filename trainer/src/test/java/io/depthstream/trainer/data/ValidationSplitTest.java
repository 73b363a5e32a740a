package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ValidationSplitTest {

  /** Samples whose depth value is their index, so a split can be checked by looking. */
  static DepthDataset numbered(int n) {
    return new DepthDataset() {
      @Override
      public String name() {
        return "numbered";
      }

      @Override
      public int size() {
        return n;
      }

      @Override
      public DepthSample sample(int index) {
        return new DepthSample(
            DataFixtures.gradient(4, 4), DataFixtures.constantDepth(4, 4, index + 1), "#" + index);
      }
    };
  }

  @Test
  void holdsOutTheFractionAndCoversEverySampleOnce() {
    ValidationSplit split = ValidationSplit.of(numbered(100), 0.1, 5);

    assertThat(split.validation().size()).isEqualTo(10);
    assertThat(split.train().size()).isEqualTo(90);
    Set<Float> seen = new HashSet<>();
    for (DepthDataset part : new DepthDataset[] {split.train(), split.validation()}) {
      for (int i = 0; i < part.size(); i++) {
        assertThat(seen.add(part.sample(i).depth().at(0, 0))).isTrue();
      }
    }
    assertThat(seen).hasSize(100);
    assertThat(split.validation().name()).isEqualTo("numbered[validation 10/100]");
  }

  @Test
  void sameSeedSameSplitOtherSeedOtherSplit() {
    int[] a =
        ((ValidationSplit.Subset) ValidationSplit.of(numbered(50), 0.2, 1).validation())
            .parentIndices();
    int[] b =
        ((ValidationSplit.Subset) ValidationSplit.of(numbered(50), 0.2, 1).validation())
            .parentIndices();
    int[] c =
        ((ValidationSplit.Subset) ValidationSplit.of(numbered(50), 0.2, 2).validation())
            .parentIndices();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
    assertThat(a).isNotEqualTo(IntStream.range(0, 10).toArray());
  }
}
