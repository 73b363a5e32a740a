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
  void supersampledFramesAreTheLargerRenderShrunkByTheServingResize() {
    DepthDataset data = streets(3).open(CONFIG, 7, 1);
    DepthSample rendered = data.sample(1);
    assertThat(rendered.rgb().width()).isEqualTo(192);
    assertThat(rendered.rgb().height()).isEqualTo(96);

    // what the model is fed: the batch source fits each sample to the input size
    DepthSample fed = new InputSize(64, 32).fit(rendered);
    long seed = RenderedScenes.worldSeed(7, RenderedScenes.Role.TRAIN, 0);
    SyntheticWorld world = new SyntheticWorld(SceneKind.STREET, seed).withLidar(false);
    byte[] shrunk = Resampling.rgb(world.render(192, 96, 15).rgb(), 64, 32).rgb();
    byte[] oneRayPerPixel = world.render(64, 32, 15).rgb().rgb();
    assertThat(fed.rgb().rgb()).isEqualTo(shrunk);
    // anti-aliased pixels, not the point samples a render at the input size gives
    assertThat(fed.rgb().rgb()).isNotEqualTo(oneRayPerPixel);
    assertThat(fed.depth().width()).isEqualTo(32);
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
