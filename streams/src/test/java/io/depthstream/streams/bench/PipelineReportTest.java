package io.depthstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.depthstream.core.bench.BatchResult;
import io.depthstream.core.bench.LatencyStats;
import io.depthstream.core.bench.MachineFacts;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineReportTest {

  private static final long MIB = 1024L * 1024L;

  /**
   * 300 frames: engine 200 frames/s, engine + codecs 100, pipeline 50 (6 s), with LiDAR 10 (30 s);
   * the service wrote each 20,000-byte depth map three times, plus 10,000 bytes of ground truth per
   * frame with LiDAR.
   */
  private static PipelineReport report() {
    return report(null);
  }

  private static PipelineReport report(ChallengerCost challengers) {
    MachineFacts machine =
        new MachineFacts(
            "Test CPU",
            2,
            "Test JVM",
            "Linux",
            "1.29.0",
            "3.50 2.00 1.00",
            Instant.parse("2026-12-02T12:00:00Z"));
    BatchResult engine = new BatchResult(1, new LatencyStats(new double[] {5}), 0.5, 3, 1, 200);
    CodecPathBench.Result codecs =
        new CodecPathBench.Result(
            300,
            3.0,
            4,
            3.5,
            5,
            3,
            7,
            20_000,
            new CodecPathBench.LidarPath(2, 0.5, 0.25, 40_000, 20_000),
            cpu(3.0, 4.5, 0, 0, 0, 0, 3.0));
    Map<String, Long> maps =
        Map.of(
            "depth.maps", 6_000_000L,
            "app-pending-frames-changelog", 6_000_000L,
            "app-latest-depth-maps-changelog", 6_000_000L);
    BacklogDrain.Result oneCamera =
        new BacklogDrain.Result(
            300,
            300,
            1,
            false,
            9.0,
            2.0,
            10.0,
            new WrittenBytes(maps),
            90 * MIB,
            40 * MIB,
            0,
            cpu(10.0, 15.0, 8.0, 1.0, 1.0, 0.5, 2.0));
    BacklogDrain.Result plain =
        new BacklogDrain.Result(
            300,
            300,
            3,
            false,
            8.0,
            2.0,
            6.0,
            new WrittenBytes(maps),
            100 * MIB,
            50 * MIB,
            0,
            cpu(6.0, 12.0, 7.2, 0.6, 0.6, 0.3, 1.2));
    Map<String, Long> withTruth = new java.util.HashMap<>(maps);
    withTruth.put("app-ground-truth-changelog", 3_000_000L);
    BacklogDrain.Result lidar =
        new BacklogDrain.Result(
            300,
            300,
            3,
            true,
            7.5,
            2.5,
            30.0,
            new WrittenBytes(withTruth),
            200 * MIB,
            120 * MIB,
            300,
            cpu(30.0, 54.0, 30.0, 3.0, 3.0, 1.5, 9.0));
    PacedLatency.Result latency =
        new PacedLatency.Result(
            25.0,
            10.0,
            250,
            new LatencyStats(new double[] {100, 200, 300}),
            new LatencyStats(new double[] {10, 20, 30}));
    return new PipelineReport(
        "./depthstream bench --pipeline --json",
        machine,
        "grey@1 (test)",
        "CPU",
        0,
        "128x96",
        "640x480",
        46_000,
        114_000,
        1_824_000,
        300,
        10,
        Map.of("depthstream.topics.depth-maps", "depth.maps"),
        engine,
        codecs,
        oneCamera,
        plain,
        lidar,
        latency,
        300 * MIB,
        challengers);
  }

  /**
   * {@code process} CPU seconds over {@code wall} seconds on 2 cores, of which the Java groups in
   * {@link CpuUse#GROUPS} order spent the rest of the arguments (the bench group last but one).
   */
  static CpuUse cpu(
      double wall,
      double process,
      double stream,
      double png,
      double serviceIo,
      double broker,
      double bench) {
    Map<String, Double> java = new java.util.LinkedHashMap<>();
    java.put(CpuUse.STREAM_THREADS, stream);
    java.put(CpuUse.PNG_STRIPES, png);
    java.put(CpuUse.SERVICE_CLIENTS, serviceIo);
    java.put(CpuUse.BENCH_CLIENTS, bench);
    java.put(CpuUse.BROKER_AND_OTHER, broker);
    return new CpuUse(wall, 2, process, java);
  }

  @Test
  void theJsonLineHoldsEveryFigureByItsName() throws Exception {
    String json = report().json();

    assertThat(json).doesNotContain("\n");
    JsonNode o = new ObjectMapper().readTree(json);
    assertThat(o.get("engine_fps").asDouble()).isEqualTo(200.0);
    assertThat(o.get("engine_codec_fps").asDouble()).isEqualTo(100.0);
    assertThat(o.get("pipeline_fps").asDouble()).isEqualTo(50.0);
    assertThat(o.get("pipeline_lidar_fps").asDouble()).isEqualTo(10.0);
    assertThat(o.get("pipeline_one_camera_fps").asDouble()).isEqualTo(30.0);
    assertThat(o.get("cameras").asInt()).isEqualTo(3);
    assertThat(o.get("pipeline_vs_engine").asDouble()).isEqualTo(0.25);
    assertThat(o.get("pipeline_vs_engine_codec").asDouble()).isEqualTo(0.5);
    // NumPy's percentiles of 100, 200, 300: p50 200, p95 290.
    assertThat(o.get("added_latency_p50_ms").asDouble()).isEqualTo(200.0);
    assertThat(o.get("added_latency_p95_ms").asDouble()).isEqualTo(290.0);
    assertThat(o.get("in_service_latency_p50_ms").asDouble()).isEqualTo(20.0);
    // 18 MB over 300 frames; with LiDAR 21 MB.
    assertThat(o.get("kafka_bytes_per_frame").asDouble()).isEqualTo(60_000.0);
    assertThat(o.get("kafka_bytes_per_frame_lidar").asDouble()).isEqualTo(70_000.0);
    assertThat(o.get("depth_map_record_bytes").asDouble()).isEqualTo(20_000.0);
    assertThat(o.get("kafka_bytes_by_topic_lidar").get("app-ground-truth-changelog").asDouble())
        .isEqualTo(10_000.0);
    assertThat(o.get("peak_heap_mb").asDouble()).isEqualTo(300.0);
    assertThat(o.get("heap_after_gc_mb_pipeline").asDouble()).isEqualTo(50.0);
    assertThat(o.get("heap_after_gc_mb_pipeline_lidar").asDouble()).isEqualTo(120.0);
    assertThat(o.get("frames").asInt()).isEqualTo(300);
    assertThat(o.get("load_average").asText()).isEqualTo("3.50 2.00 1.00");
    assertThat(o.get("lidar_projection_ms").asDouble()).isEqualTo(2.0);
    assertThat(o.get("lidar_store_serde_ms").asDouble()).isEqualTo(0.5);
    assertThat(o.get("lidar_scoring_ms").asDouble()).isEqualTo(0.25);
    assertThat(o.get("lidar_scored_frame_ms").asDouble()).isEqualTo(2.75);
    assertThat(o.get("lidar_store_bytes").asDouble()).isEqualTo(40_000.0);
    assertThat(o.get("lidar_truth_pixels").asDouble()).isEqualTo(20_000.0);
    // (b): 4.5 CPU s over 300 frames in 3 s: 15 ms a frame, 1.5 of 2 cores, 0.5 idle.
    JsonNode codecCpu = o.get("cpu_use").get("engine_codec");
    assertThat(codecCpu.get("cpu_ms_per_frame").asDouble()).isEqualTo(15.0);
    assertThat(codecCpu.get("cores_used").asDouble()).isEqualTo(1.5);
    assertThat(codecCpu.get("idle_cores").asDouble()).isEqualTo(0.5);
    // The 3-camera drain: 12 CPU s in 6 s, the stream threads 7.2 of them; 12 - 9.9 Java = native.
    JsonNode drainCpu = o.get("cpu_use").get("pipeline");
    assertThat(drainCpu.get("cores_used").asDouble()).isEqualTo(2.0);
    assertThat(drainCpu.get("idle_cores").asDouble()).isEqualTo(0.0);
    assertThat(drainCpu.get("cores_by_group").get(CpuUse.STREAM_THREADS).asDouble()).isEqualTo(1.2);
    assertThat(drainCpu.get("cores_by_group").get(CpuUse.NATIVE).asDouble()).isEqualTo(0.35);
    assertThat(o.get("cpu_use").get("pipeline_lidar").get("cpu_ms_per_frame").asDouble())
        .isEqualTo(180.0);
  }

  @Test
  void theTextGivesTheRatiosOfEachPathAndSaysTheMachineWasBusy() {
    String text = report().text();

    assertThat(text)
        .contains("busier than its cores")
        .containsPattern(
            "\\(c\\) service draining one camera's backlog, no LiDAR +300 +10\\.00 +30\\.00 +0\\.15x"
                + " +0\\.30x")
        .containsPattern(
            "\\(c\\) the same, 3 cameras on 3 partitions +300 +6\\.00 +50\\.00 +0\\.25x +0\\.50x")
        .containsPattern(
            "\\(c\\) 3 cameras with a LiDAR sweep per frame +300 +30\\.00 +10\\.00 +0\\.05x"
                + " +0\\.10x")
        .contains("3.00x without LiDAR, 3.50x with")
        .contains("p50 200.0 ms, p95 290.0 ms")
        .contains("depth PNG encode 7.00 (20000 bytes)")
        .containsPattern(
            "\\(b\\) engine \\+ codecs +15\\.0 +1\\.50 +0\\.50 +0\\.00 +0\\.00 +0\\.00 +1\\.00"
                + " +0\\.00 +0\\.50")
        .containsPattern(
            "\\(c\\) 3 cameras +40\\.0 +2\\.00 +0\\.00 +1\\.20 +0\\.10 +0\\.10 +0\\.20"
                + " +0\\.05 +0\\.35")
        .contains(
            "LiDAR path per scored frame, not in (b), mean ms: projection into sparse depth 2.00"
                + " (20000 pixels), ground-truth store serde there and back 0.50 (40000 bytes),"
                + " scoring at the truth's pixels 0.25; 2.75 in all");
  }

  @Test
  void withoutChallengersTheReportHasNoPathD() throws Exception {
    assertThat(report().text()).doesNotContain("(d)");
    assertThat(new ObjectMapper().readTree(report().json()).has("challenger_runs")).isFalse();
  }

  @Test
  void withChallengersTheReportEndsWithPathDAndTheJsonHoldsItsRuns() throws Exception {
    PipelineReport report = report(ChallengerCostTest.cost());

    assertThat(report.text())
        .containsPattern("\\(d\\) champion grey with challengers in shadow")
        .containsPattern("none \\(champion alone\\) +- +6\\.00 +50\\.00 +1\\.00x +0 of 0");
    JsonNode runs = new ObjectMapper().readTree(report.json()).get("challenger_runs");
    assertThat(runs).hasSize(5);
    assertThat(runs.get(3).get("challengers").asInt()).isEqualTo(2);
    assertThat(runs.get(3).get("vs_no_challenger").asDouble()).isEqualTo(0.5);
  }
}
