package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class InterleavedDatasetTest {

  /** A data set whose sample i says where it came from: "NAME i". */
  private static DepthDataset labelled(String name, int size) {
    return new DepthDataset() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public int size() {
        return size;
      }

      @Override
      public DepthSample sample(int index) {
        return new DepthSample(
            new RgbImage(1, 1, new byte[3]),
            new DepthImage(1, 1, new float[1]),
            name + " " + index);
      }
    };
  }

  private static List<String> sources(DepthDataset data) {
    return IntStream.range(0, data.size()).mapToObj(i -> data.sample(i).source()).toList();
  }

  @Test
  void equalShareTakesOneOfEachInTurnUntilTheSmallerIsUsedUp() {
    DepthDataset data =
        new InterleavedDataset("mixed", List.of(labelled("room", 3), labelled("street", 5)));
    assertThat(sources(data))
        .containsExactly("room 0", "street 0", "room 1", "street 1", "room 2", "street 2");
  }

  @Test
  void weightsTakeThatManyOfEachPartPerTurnAndEverySampleAtMostOnce() {
    DepthDataset data =
        new InterleavedDataset(
            "mixed", List.of(labelled("room", 3), labelled("street", 9)), List.of(1, 3));
    List<String> expected = new ArrayList<>();
    for (int turn = 0; turn < 3; turn++) {
      expected.add("room " + turn);
      for (int k = 0; k < 3; k++) {
        expected.add("street " + (3 * turn + k));
      }
    }
    assertThat(sources(data)).containsExactlyElementsOf(expected);
  }

  @Test
  void sizeIsWholeTurnsOfThePartThatRunsOutFirst() {
    // 10 streets give three turns of 3, 5 rooms five turns of 1: three turns of 4 samples
    DepthDataset data =
        new InterleavedDataset(
            "mixed", List.of(labelled("room", 5), labelled("street", 10)), List.of(1, 3));
    assertThat(data.size()).isEqualTo(12);
    assertThat(data.sample(11).source()).isEqualTo("street 8");
    assertThatThrownBy(() -> data.sample(12)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void refusesAMissingOrNonPositiveWeight() {
    List<DepthDataset> parts = List.of(labelled("room", 2), labelled("street", 2));
    assertThatThrownBy(() -> new InterleavedDataset("mixed", parts, List.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one weight of at least 1 per part");
    assertThatThrownBy(() -> new InterleavedDataset("mixed", parts, List.of(1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[1, 0]");
  }
}
