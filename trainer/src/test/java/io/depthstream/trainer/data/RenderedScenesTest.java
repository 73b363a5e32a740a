package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticWorld;
import org.junit.jupiter.api.Test;

class RenderedScenesTest {

  @Test
  void samplesGoRoundTheRoomsThenAlongEachWalk() {
    // 45 samples need 3 rooms of up to 20 frames
    assertThat(RenderedScenes.rooms(45)).isEqualTo(3);
    assertThat(RenderedScenes.rooms(40)).isEqualTo(2);
    // sample 7 of 3 rooms: room 7 mod 3 = 1, its third frame (7 / 3 = 2) → frame 2·15 = 30
    assertThat(RenderedScenes.room(7, 3)).isEqualTo(1);
    assertThat(RenderedScenes.frame(7, 3)).isEqualTo(30);
    assertThat(RenderedScenes.frame(2, 3)).isZero();
  }

  @Test
  void trainingAndTestRoomsNeverShareASeed() {
    assertThat(RenderedScenes.worldSeed(1, RenderedScenes.Role.TRAIN, 0)).isEqualTo(1_000_003L);
    assertThat(RenderedScenes.worldSeed(1, RenderedScenes.Role.TEST, 0)).isEqualTo(1_500_003L);
    assertThat(RenderedScenes.worldSeed(2, RenderedScenes.Role.TRAIN, 0)).isEqualTo(2_000_006L);
  }

  @Test
  void rendersTheStatedFramesWhateverTheThreadCount() {
    RenderedScenes one =
        RenderedScenes.render(SceneKind.INDOOR, RenderedScenes.Role.TEST, 3, 5, 32, 32, 1);
    RenderedScenes two =
        RenderedScenes.render(SceneKind.INDOOR, RenderedScenes.Role.TEST, 3, 5, 32, 32, 2);
    assertThat(one.size()).isEqualTo(5);
    long seed = RenderedScenes.worldSeed(3, RenderedScenes.Role.TEST, 0);
    byte[] expected = new SyntheticWorld(SceneKind.INDOOR, seed).render(32, 32, 15).rgb().rgb();
    DepthSample fifth = one.sample(4); // room 0's second frame: 4 / rooms(5)=1 → frame 4·15
    assertThat(RenderedScenes.rooms(5)).isEqualTo(1);
    assertThat(fifth.source()).endsWith("frame 60");
    assertThat(one.sample(1).rgb().rgb()).isEqualTo(expected);
    for (int i = 0; i < 5; i++) {
      assertThat(two.sample(i).rgb().rgb()).isEqualTo(one.sample(i).rgb().rgb());
      assertThat(two.sample(i).depth().metres()).isEqualTo(one.sample(i).depth().metres());
    }
    assertThat(one.name()).contains("5 frames from 1 rooms");
  }
}
