package io.depthstream.streams.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.streams.demo.DemoFleet.DemoVehicle;
import io.depthstream.streams.live.MetricHistory.WindowPoint;
import io.depthstream.streams.live.PipelineRates.Snapshot;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleTableTest {

  @Test
  void oneRowPerVehicleThenThroughputAndTheUrl() {
    String table =
        ConsoleTable.render(
            "heading",
            List.of(
                new DemoVehicle("v0", "street car", 40), new DemoVehicle("v1", "indoor robot", 10)),
            Map.of(
                "v0",
                Optional.of(new WindowPoint(0, 10_000, "m", 20, 0.8125, 0.1234, 1.5)),
                "v1",
                Optional.empty()),
            Map.of("v1", 7),
            new Snapshot(4.0, 3.96, 100, 99, 2, 50, 12.345),
            0.25,
            "http://localhost:8080/");

    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).isEqualTo("heading");
    assertThat(lines.get(2)).contains("v0", "street car", "0.813", "0.123", "1.500", "20");
    assertThat(lines.get(3)).contains("v1", "indoor robot", "waiting", "7 frames scored");
    assertThat(lines.get(4))
        .contains("in 4.0/s", "out 4.0/s", "100 / 99", "12.3 ms", "DLQ 2", "lag 0.3 s");
    assertThat(lines.get(5)).contains("http://localhost:8080/");
  }
}
