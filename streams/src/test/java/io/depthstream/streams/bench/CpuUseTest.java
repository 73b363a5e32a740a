package io.depthstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CpuUseTest {

  @Test
  void threadsAreGroupedByTheNamesKafkaStreamsTheBrokerAndTheBenchGiveThem() {
    String app = "depthstream-5f3c1a2e-0d4b-4c57-9a43-1d2e3f4a5b6c";
    assertThat(CpuUse.groupOf(app + "-StreamThread-1")).isEqualTo(CpuUse.STREAM_THREADS);
    assertThat(CpuUse.groupOf(app + "-StreamThread-12")).isEqualTo(CpuUse.STREAM_THREADS);
    assertThat(
            CpuUse.groupOf("kafka-producer-network-thread | " + app + "-StreamThread-1-producer"))
        .isEqualTo(CpuUse.SERVICE_CLIENTS);
    assertThat(CpuUse.groupOf(app + "-StateUpdater-1")).isEqualTo(CpuUse.SERVICE_CLIENTS);
    assertThat(CpuUse.groupOf("kafka-coordinator-heartbeat-thread | depthstream"))
        .isEqualTo(CpuUse.SERVICE_CLIENTS);
    assertThat(CpuUse.groupOf("depth-png-stripe-1")).isEqualTo(CpuUse.PNG_STRIPES);
    assertThat(CpuUse.groupOf("main")).isEqualTo(CpuUse.BENCH_CLIENTS);
    assertThat(CpuUse.groupOf("kafka-producer-network-thread | depthstream-publish"))
        .isEqualTo(CpuUse.BENCH_CLIENTS);
    assertThat(CpuUse.groupOf("committed-arrivals")).isEqualTo(CpuUse.BENCH_CLIENTS);
    assertThat(CpuUse.groupOf("data-plane-kafka-request-handler-0"))
        .isEqualTo(CpuUse.BROKER_AND_OTHER);
    assertThat(CpuUse.groupOf("quorum-controller-0-event-handler"))
        .isEqualTo(CpuUse.BROKER_AND_OTHER);
  }

  @Test
  void coresAreCpuSecondsOverWallSecondsAndTheRestOfTheProcessIsNative() {
    CpuUse use =
        new CpuUse(
            4.0,
            2,
            6.0,
            Map.of(
                CpuUse.STREAM_THREADS, 3.0,
                CpuUse.PNG_STRIPES, 0.4,
                CpuUse.SERVICE_CLIENTS, 0.2,
                CpuUse.BENCH_CLIENTS, 0.2,
                CpuUse.BROKER_AND_OTHER, 1.0));

    assertThat(use.coresUsed()).isEqualTo(1.5);
    assertThat(use.idleCores()).isEqualTo(0.5);
    assertThat(use.cores(CpuUse.STREAM_THREADS)).isEqualTo(0.75);
    assertThat(use.cores(CpuUse.NATIVE)).isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(use.cpuMsPerFrame(100)).isEqualTo(60.0);
  }

  @Test
  void anUnknownProcessTimeIsSaidNotGuessed() {
    CpuUse use = new CpuUse(1.0, 2, -1, Map.of(CpuUse.STREAM_THREADS, 0.5));

    assertThat(use.coresUsed()).isNaN();
    assertThat(use.cores(CpuUse.NATIVE)).isNaN();
    assertThat(use.json().get("cores_used")).isNull();
  }

  @Test
  void aBusyThreadShowsUpInItsGroupAndInTheProcessTotal() throws Exception {
    CpuUse.Meter meter = CpuUse.start();
    Thread busy =
        new Thread(
            () -> {
              long end = System.nanoTime() + 300_000_000L;
              double x = 0;
              while (System.nanoTime() < end) {
                x += Math.sqrt(x + 1);
              }
              if (x < 0) {
                throw new AssertionError();
              }
            },
            "depthstream-test-StreamThread-1");
    busy.start();
    // Measured while the thread still lives: a thread that has ended is not seen.
    Thread.sleep(200);
    CpuUse use = meter.stop();
    busy.join();

    assertThat(use.cores(CpuUse.STREAM_THREADS) * use.wallSeconds()).isGreaterThan(0.05);
    // The process clock may tick in 10 ms steps (it read 0.200 s against the thread's 0.2035 in a
    // CI run, when the process was also read before the threads); allow one tick.
    assertThat(use.processSeconds())
        .isGreaterThanOrEqualTo(use.javaSeconds().get(CpuUse.STREAM_THREADS) - 0.011);
  }
}
