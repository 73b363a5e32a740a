package io.depthstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.Resampling;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.trainer.TrainingDataOptions.DatasetKind;
import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.DepthSample;
import io.depthstream.trainer.data.InputSize;
import io.depthstream.trainer.data.RenderedScenes;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.ModelConfig;
import org.junit.jupiter.api.Test;

class TrainingDataOptionsTest {

  private static final ModelConfig CONFIG =
      new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 32, 64, 80.0);

  private static TrainingDataOptions streets(int supersample) {
    TrainingDataOptions options = new TrainingDataOptions();
    options.dataset = DatasetKind.SYNTH_STREET;
    options.synthFrames = 2;
    options.synthSupersample = supersample;
    return options;
  }

  @Test
  void supersampledFramesAreTheLargerRenderShrunkByTheServingResizeAsSoonAsRendered() {
    DepthDataset data = streets(3).open(CONFIG, 7, 1);
    DepthSample held = data.sample(1);
    // held at the input size (depth at half of it), not the 192x96 render: a ninth of the memory
    assertThat(held.rgb().width()).isEqualTo(64);
    assertThat(held.rgb().height()).isEqualTo(32);
    assertThat(held.depth().width()).isEqualTo(32);
    assertThat(held.depth().height()).isEqualTo(16);

    long seed = RenderedScenes.worldSeed(7, RenderedScenes.Role.TRAIN, 0);
    SyntheticWorld world = new SyntheticWorld(SceneKind.STREET, seed).withLidar(false);
    var rendered = world.render(192, 96, 15);
    assertThat(held.rgb().rgb()).isEqualTo(Resampling.rgb(rendered.rgb(), 64, 32).rgb());
    assertThat(held.depth().metres()).isEqualTo(rendered.depth().resized(32, 16).metres());
    // anti-aliased pixels, not the point samples a render at the input size gives
    assertThat(held.rgb().rgb()).isNotEqualTo(world.render(64, 32, 15).rgb().rgb());

    // what the model is fed: the batch source fits each sample again, which leaves it as it is,
    // so training sees exactly what it saw when every step shrank the full render itself
    DepthSample fed = new InputSize(64, 32).fit(held);
    assertThat(fed.rgb()).isSameAs(held.rgb());
    assertThat(fed.depth()).isSameAs(held.depth());
  }

  @Test
  void aSetTheHeapCannotHoldIsRefusedBeforeRenderingWithHowManyFramesFit() {
    InputSize input = new InputSize(128, 96);
    assertThat(input.sampleBytes()).isEqualTo(128 * 96 * 3 + 64 * 48 * 4);
    long heap = 1L << 30; // 1 GiB: 60 % of it holds 13,107 frames of 49,152 bytes
    TrainingDataOptions.requireFramesFit(13_107, input, heap);
    assertThatThrownBy(() -> TrainingDataOptions.requireFramesFit(13_108, input, heap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--synth-frames 13108 holds 0.6 GiB of frames at 128x96")
        .hasMessageContaining("render at most 13107 frames")
        .hasMessageContaining("DEPTHSTREAM_JAVA_OPTS='-Xmx2g'");
    // open() asks before a frame is rendered
    TrainingDataOptions tooMany = streets(1);
    tooMany.synthFrames = Integer.MAX_VALUE;
    assertThatThrownBy(() -> tooMany.open(CONFIG, 7, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--synth-frames " + Integer.MAX_VALUE + " holds");
  }

  @Test
  void withoutSupersamplingFramesAreRenderedAtTheInputSize() {
    DepthSample sample = streets(1).open(CONFIG, 7, 1).sample(0);
    assertThat(sample.rgb().width()).isEqualTo(64);
    assertThat(sample.rgb().height()).isEqualTo(32);
  }

  @Test
  void refusesAFactorOutsideOneToFour() {
    for (int k : new int[] {0, 5}) {
      assertThatThrownBy(() -> streets(k).open(CONFIG, 7, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--synth-supersample must be 1 to 4, got " + k);
    }
  }

  /** synth-mixed of {@code frames} frames rendered at the input size, with the default mix. */
  private static TrainingDataOptions mixed(int frames) {
    TrainingDataOptions options = new TrainingDataOptions();
    options.dataset = DatasetKind.SYNTH_MIXED;
    options.synthFrames = frames;
    options.synthSupersample = 1;
    return options;
  }

  @Test
  void synthMixRendersTheKindsInItsRatioAndInterleavesThemSo() {
    TrainingDataOptions options = mixed(8);
    options.synthMix = SynthMix.parse("1:3");
    DepthDataset data = options.open(CONFIG, 7, 1);

    assertThat(data.name())
        .startsWith("synth-mixed (2 indoor + 6 street frames, 1:3 rooms to streets");
    assertThat(data.size()).isEqualTo(8);
    // a room, then three streets: the synthetic room is 10 m deep at most, the street 80 m
    for (int i = 0; i < data.size(); i++) {
      float deepest = 0;
      for (float d : data.sample(i).depth().metres()) {
        deepest = Math.max(deepest, d);
      }
      if (i % 4 == 0) {
        assertThat(deepest).as("sample %d", i).isLessThanOrEqualTo(10f);
      } else {
        assertThat(deepest).as("sample %d", i).isGreaterThan(10f);
      }
    }
  }

  @Test
  void theEvenMixIsTheDefaultAndNamesTheDataAsBefore() {
    DepthDataset data = mixed(4).open(CONFIG, 7, 1);
    assertThat(data.name())
        .isEqualTo("synth-mixed (2 indoor + 2 street frames, training rooms of seed 7, 64x32)");
  }

  @Test
  void synthMixRefusesWhatIsNotTwoWeightsFromOneToSixteen() {
    assertThat(SynthMix.parse(" 2 : 5 ")).isEqualTo(new SynthMix(2, 5));
    for (String bad : new String[] {"3", "1:0", "0:1", "1:17", "a:b", "1:2:3", ""}) {
      assertThatThrownBy(() -> SynthMix.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("--synth-mix takes");
    }
  }
}
