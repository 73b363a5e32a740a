package io.depthstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.streams.bench.CommittedArrivals.DepthMapArrival;
import java.util.List;
import org.junit.jupiter.api.Test;

class PacedLatencyTest {

  // Sent at 1000 ms, run by the model for 4.5 ms, encoded 31.5 ms after sending, read at 1250 ms.
  private static final DepthMapArrival FIRST = new DepthMapArrival(0, 1_000, 4.5, 31.5, 1_250, 0);
  // Sent at 2000 ms, 3 ms of model, encoded after 13 ms, read at 2100 ms.
  private static final DepthMapArrival SECOND = new DepthMapArrival(1, 2_000, 3.0, 13.0, 2_100, 0);

  @Test
  void addedLatencyIsSentToCommittedMinusTheModelsRunTime() {
    assertThat(PacedLatency.added(List.of(FIRST, SECOND))).containsExactly(245.5, 97.0);
  }

  @Test
  void theServicesOwnShareIsItsEndToEndTimeMinusTheModelsRunTime() {
    assertThat(PacedLatency.inService(List.of(FIRST, SECOND))).containsExactly(27.0, 10.0);
  }
}
