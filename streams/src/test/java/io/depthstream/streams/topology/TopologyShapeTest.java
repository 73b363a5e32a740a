package io.depthstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wiring itself: frames and scans meet in one sub-topology (co-partitioned keys, so the match
 * stays local) and the only repartitions regroup frame metrics by scope for the windows and paired
 * frames by scope for the model comparison.
 */
class TopologyShapeTest {

  @TempDir Path temp;

  @Test
  void framesScansAndCalibrationsShareOneTaskAndOnlyWindowsRepartition() {
    try (TopologyFixture fixture = new TopologyFixture(temp, Map.of())) {
      TopologyDescription description = fixture.topology.describe();
      Set<String> repartitions = new TreeSet<>();
      boolean framesWithScans = false;
      for (TopologyDescription.Subtopology sub : description.subtopologies()) {
        Set<String> sources = new TreeSet<>();
        for (TopologyDescription.Node node : sub.nodes()) {
          if (node instanceof TopologyDescription.Source source) {
            sources.addAll(source.topicSet());
          }
          if (node instanceof TopologyDescription.Sink sink
              && sink.topic().endsWith("-repartition")) {
            repartitions.add(sink.topic());
          }
        }
        framesWithScans |=
            sources.containsAll(
                Set.of(
                    fixture.topics.frames().name(),
                    fixture.topics.scans().name(),
                    fixture.topics.calibration().name()));
      }
      assertThat(framesWithScans).isTrue();
      assertThat(repartitions)
          .containsExactly("comparison-by-scope-repartition", "metrics-by-scope-repartition");
      // Calibrations are checked before they are kept, which a global store cannot dead-letter.
      assertThat(description.globalStores()).isEmpty();
    }
  }
}
