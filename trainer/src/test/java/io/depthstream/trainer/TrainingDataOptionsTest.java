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
}
