package io.depthstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WrittenBytesTest {

  @Test
  void countsTheGrowthOfEveryTopicButTheInputsAndTheMetadataLog() {
    Map<String, Long> before =
        Map.of("camera.frames", 1_000L, "depth.maps", 100L, "__cluster_metadata", 10L);
    Map<String, Long> after =
        Map.of(
            "camera.frames", 9_000L,
            "depth.maps", 600L,
            "app-pending-changelog", 700L,
            "__consumer_offsets", 50L,
            "__cluster_metadata", 990L);

    WrittenBytes written = WrittenBytes.between(before, after, List.of("camera.frames"));

    // 600 - 100 on depth.maps; the changelog and offsets are new, so count from zero.
    assertThat(written.byTopic())
        .containsExactly(
            Map.entry("app-pending-changelog", 700L),
            Map.entry("depth.maps", 500L),
            Map.entry("__consumer_offsets", 50L));
    assertThat(written.total()).isEqualTo(1_250L);
  }

  @Test
  void perFrameDividesByTheFramesOfTheRun() {
    WrittenBytes written = new WrittenBytes(Map.of("depth.maps", 1_000L, "changelog", 3_000L));

    assertThat(written.perFrame(8)).isEqualTo(500.0);
    assertThat(written.perFrame("depth.maps", 8)).isEqualTo(125.0);
    assertThat(written.perFrame("never-written", 8)).isZero();
  }

  @Test
  void aTopicThatShrankOrStayedTheSameWroteNothing() {
    WrittenBytes written =
        WrittenBytes.between(
            Map.of("compacted", 900L, "idle", 40L),
            Map.of("compacted", 300L, "idle", 40L),
            List.of());

    assertThat(written.byTopic()).isEmpty();
    assertThat(written.total()).isZero();
  }

  @Test
  void noFramesHasNoBytesPerFrame() {
    assertThatThrownBy(() -> new WrittenBytes(Map.of()).perFrame(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one frame");
  }
}
