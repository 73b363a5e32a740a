package io.depthstream.core.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MachineFactsReportTest {

  private static MachineFacts machine(String load) {
    return new MachineFacts(
        "Xeon", 2, "OpenJDK 17", "Linux 6 amd64", "1.29.0", load, Instant.EPOCH);
  }

  @Test
  void theThreeLinesEveryBenchReportPrintsUnderItsTitle() {
    assertThat(machine("0.50 0.40 0.30").reportLines("1/5/15 min", "CPU", "2"))
        .isEqualTo(
            "machine:  Xeon, 2 cores, Linux 6 amd64\n"
                + "load:     0.50 0.40 0.30 (1/5/15 min)\n"
                + "runtime:  OpenJDK 17, ONNX Runtime 1.29.0, provider CPU, intra-op threads 2\n");
  }

  @Test
  void aLoadAboveTheCoresIsFlagged() {
    assertThat(
            machine("2.94 2.45 2.64").reportLines("at the start", "CPU", "ONNX Runtime's choice"))
        .contains(
            "load:     2.94 2.45 2.64 (at the start)  -- busier than its cores: figures are under"
                + " contention\n");
  }
}
