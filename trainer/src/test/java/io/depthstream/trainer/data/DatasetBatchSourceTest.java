package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.trainer.train.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DatasetBatchSourceTest {

  private static List<Float> epochOrder(DatasetBatchSource source) {
    List<Float> ids = new ArrayList<>();
    while (source.hasNext()) {
      Batch b = source.next();
      int plane = b.depthHeight() * b.depthWidth();
      for (int i = 0; i < b.size(); i++) {
        ids.add(b.depthMetres()[i * plane]);
      }
    }
    return ids;
  }

  @Test
  void packsNchwImagesAndHalfResolutionDepth() {
    DepthDataset data = ValidationSplitTest.numbered(5);
    DatasetBatchSource source =
        new DatasetBatchSource(data, new InputSize(8, 6), 2, DepthAugmentation.none(), false, 0);

    assertThat(source.batchesPerEpoch()).isEqualTo(3);
    Batch first = source.next();
    assertThat(first.size()).isEqualTo(2);
    assertThat(first.height()).isEqualTo(6);
    assertThat(first.width()).isEqualTo(8);
    assertThat(first.depthHeight()).isEqualTo(3);
    assertThat(first.depthWidth()).isEqualTo(4);
    // Sample 0 resized 4x4 → 8x6; pixel (0,0) keeps the source (0,0): blue 7, so 7/255.
    int plane = 6 * 8;
    assertThat(first.images()[2 * plane]).isEqualTo(7 / 255f);
    assertThat(first.depthMetres()[0]).isEqualTo(1f);
    assertThat(first.depthMetres()[12]).isEqualTo(2f);
    source.next();
    Batch last = source.next();
    assertThat(last.size()).as("last batch holds the remainder").isEqualTo(1);
    assertThat(source.hasNext()).isFalse();
    assertThatThrownBy(source::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void shufflesEachEpochReproducibly() {
    DepthDataset data = ValidationSplitTest.numbered(12);
    DatasetBatchSource a =
        new DatasetBatchSource(
            data, new InputSize(4, 4), 5, DepthAugmentation.denseDepth(1), true, 99);
    DatasetBatchSource b =
        new DatasetBatchSource(
            data, new InputSize(4, 4), 5, DepthAugmentation.denseDepth(1), true, 99);

    List<Float> a0 = epochOrder(a);
    assertThat(a0).containsExactlyInAnyOrder(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f, 10f, 11f, 12f);
    assertThat(epochOrder(b)).isEqualTo(a0);
    a.reset();
    assertThat(a.epoch()).isEqualTo(1);
    List<Float> a1 = epochOrder(a);
    assertThat(a1).containsExactlyInAnyOrderElementsOf(a0).isNotEqualTo(a0);
  }

  @Test
  void backgroundWorkersProduceExactlyTheSameBatches() {
    DepthDataset data = ValidationSplitTest.numbered(11);
    try (DatasetBatchSource inline =
            new DatasetBatchSource(
                data, new InputSize(8, 6), 3, DepthAugmentation.denseDepth(5), true, 17, 0);
        DatasetBatchSource threaded =
            new DatasetBatchSource(
                data, new InputSize(8, 6), 3, DepthAugmentation.denseDepth(5), true, 17, 3)) {
      for (int epoch = 0; epoch < 3; epoch++) {
        while (inline.hasNext()) {
          assertThat(threaded.hasNext()).isTrue();
          Batch a = inline.next();
          Batch b = threaded.next();
          assertThat(b.images()).isEqualTo(a.images());
          assertThat(b.depthMetres()).isEqualTo(a.depthMetres());
        }
        assertThat(threaded.hasNext()).isFalse();
        inline.reset();
        threaded.reset();
      }
    }
  }

  @Test
  void aFailingSampleSurfacesWithItsMessage() {
    DepthDataset broken =
        new DepthDataset() {
          @Override
          public String name() {
            return "broken";
          }

          @Override
          public int size() {
            return 4;
          }

          @Override
          public DepthSample sample(int index) {
            if (index == 2) {
              throw new IllegalArgumentException(
                  "nyu_data.zip:data/nyu2_train.csv line 3: bad PNG");
            }
            return ValidationSplitTest.numbered(4).sample(index);
          }
        };
    try (DatasetBatchSource source =
        new DatasetBatchSource(
            broken, new InputSize(4, 4), 4, DepthAugmentation.none(), false, 0, 2)) {
      assertThatThrownBy(source::next).hasMessageContaining("line 3: bad PNG");
    }
  }

  @Test
  void densifiedTargetsFillTheHolesOfTrainingDepthOnly() {
    // One sample of 16×12 whose depth (at the 8×6 output size) has returns on its bottom row only,
    // as a LiDAR's lower field of view: masked training keeps the holes, densified fills them,
    // and the measured row is unchanged either way.
    float[] depth = new float[16 * 12];
    for (int x = 0; x < 16; x++) {
      depth[11 * 16 + x] = 4f + x / 4f;
      depth[10 * 16 + x] = 4f + x / 4f;
    }
    DepthSample sample =
        new DepthSample(
            DataFixtures.gradient(16, 12),
            new io.depthstream.core.depth.DepthImage(16, 12, depth),
            "lidar-like");
    DepthDataset data =
        new DepthDataset() {
          @Override
          public String name() {
            return "one sparse sample";
          }

          @Override
          public int size() {
            return 1;
          }

          @Override
          public DepthSample sample(int index) {
            return sample;
          }
        };
    InputSize size = new InputSize(16, 12);
    float[] masked;
    float[] densified;
    try (DatasetBatchSource m =
            new DatasetBatchSource(
                data, size, 1, DepthAugmentation.none(), TrainingTarget.MASKED, false, 0, 0);
        DatasetBatchSource d =
            new DatasetBatchSource(
                data, size, 1, DepthAugmentation.none(), TrainingTarget.DENSIFIED, false, 0, 0)) {
      masked = m.next().depthMetres();
      densified = d.next().depthMetres();
    }
    int holes = 0;
    for (int i = 0; i < masked.length; i++) {
      if (masked[i] > 0) {
        assertThat(densified[i]).as("measured pixel %d", i).isEqualTo(masked[i]);
      } else {
        holes++;
        assertThat(densified[i]).as("filled pixel %d", i).isBetween(4f, 8f);
      }
    }
    assertThat(holes).as("the output rows above the returns").isEqualTo(5 * 8);
  }
}
