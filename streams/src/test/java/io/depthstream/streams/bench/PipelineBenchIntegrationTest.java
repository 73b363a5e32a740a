package io.depthstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.streams.it.QuietKafkaLogs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code bench --pipeline} end to end at a tiny size: the grey test model, 20 frames of 64×48, two
 * in-process brokers in turn. Checks that the report ends with a JSON line holding every figure
 * with a plausible value; it times nothing itself.
 */
@Tag("integration")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class PipelineBenchIntegrationTest {

  private static final int FRAMES = 20;

  @TempDir Path temp;

  @BeforeEach
  void quietKafkaLogs() {
    QuietKafkaLogs.apply();
  }

  @Test
  void aTinyRunReportsEveryFigure() throws Exception {
    OnnxTestModels.greyToDepthBundle(temp.resolve("model"));
    BenchRun run =
        bench(
            "--pipeline",
            "--model",
            temp.resolve("model").toString(),
            "--device",
            "cpu",
            "--frames",
            Integer.toString(FRAMES),
            "--size",
            "64x48",
            "--warmup",
            "2",
            "--latency-seconds",
            "2",
            "--pipeline-warmup",
            "6",
            "--json");
    int status = run.status();
    StringWriter out = run.out();
    StringWriter err = run.err();

    assertThat(status).as("exit status; stderr:%n%s", err).isZero();
    assertThat(err.toString())
        .contains(
            "(a) engine alone",
            "(b) engine + per-frame codecs",
            "(c) pipeline, one camera, no LiDAR",
            "(c) pipeline, 3 cameras, no LiDAR")
        .contains("(c) pipeline, 3 cameras with LiDAR", "added latency")
        .contains(FRAMES + "/" + FRAMES + " depth maps committed")
        // the untimed warm-up drain ran first, with LiDAR, and its frames were all scored
        .contains(
            "(c) pipeline, 3 cameras with LiDAR, a warm-up (not timed): Kafka Streams started")
        .contains("6/6 frames with depth map and score committed");
    assertThat(out.toString()).contains("LiDAR path per scored frame, not in (b)");
    List<String> lines = out.toString().lines().toList();
    JsonNode o = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    for (String rate :
        List.of(
            "engine_fps",
            "engine_codec_fps",
            "pipeline_fps",
            "pipeline_one_camera_fps",
            "pipeline_lidar_fps")) {
      assertThat(o.get(rate).asDouble()).as(rate).isPositive();
    }
    assertThat(o.get("added_latency_p50_ms").asDouble()).isNotNegative();
    assertThat(o.get("added_latency_p95_ms").asDouble())
        .isGreaterThanOrEqualTo(o.get("added_latency_p50_ms").asDouble());
    // Every depth map is on depth.maps at least once, and the service writes more than that.
    assertThat(o.get("depth_map_record_bytes").asDouble()).isPositive();
    assertThat(o.get("kafka_bytes_per_frame").asDouble())
        .isGreaterThan(o.get("depth_map_record_bytes").asDouble());
    assertThat(o.get("kafka_bytes_per_frame_lidar").asDouble())
        .isGreaterThan(o.get("kafka_bytes_per_frame").asDouble());
    assertThat(o.get("kafka_bytes_by_topic").has("depth.maps")).isTrue();
    assertThat(o.get("peak_heap_mb").asDouble()).isPositive();
    assertThat(o.get("streams_first_start_s").asDouble()).isPositive();
    assertThat(o.get("streams_start_s").asDouble()).isPositive();
    assertThat(o.get("frames").asInt()).isEqualTo(FRAMES);
    assertThat(o.get("size").asText()).isEqualTo("64x48");
    assertThat(o.get("lidar_points").asDouble()).isGreaterThan(100_000);
    // The LiDAR path per scored frame, outside (b): the sweep reaches some of the 64x48 pixels.
    assertThat(o.get("lidar_truth_pixels").asDouble()).isPositive();
    assertThat(o.get("lidar_store_bytes").asDouble()).isPositive();
    assertThat(o.get("lidar_scored_frame_ms").asDouble())
        .isGreaterThanOrEqualTo(o.get("lidar_scoring_ms").asDouble());
    // Where the cores went: the service's stream threads worked in every drain, the bench's
    // main thread did (b), and no path used more cores than the machine has.
    assertThat(out.toString()).contains("where the cores went while each path was timed");
    JsonNode cpu = o.get("cpu_use");
    int cores = o.get("cores").asInt();
    for (String path : List.of("pipeline_one_camera", "pipeline", "pipeline_lidar")) {
      assertThat(cpu.get(path).get("cores_by_group").get("stream threads").asDouble())
          .as(path)
          .isPositive();
    }
    assertThat(
            cpu.get("engine_codec").get("cores_by_group").get("benchmark's own threads").asDouble())
        .isPositive();
    for (String path :
        List.of("engine_codec", "pipeline_one_camera", "pipeline", "pipeline_lidar")) {
      assertThat(cpu.get(path).get("cpu_ms_per_frame").asDouble()).as(path).isPositive();
      // Never more cores than the machine has, but for the clock: process CPU time comes in
      // ticks of 10 ms, one at each edge of the interval, and this tiny run's engine path lasts a
      // few tens of milliseconds (it measured 2.64 cores of 2 once).
      double seconds = cpu.get(path).get("seconds").asDouble();
      assertThat(seconds).as(path).isPositive();
      assertThat(cpu.get(path).get("cores_used").asDouble())
          .as(path)
          .isLessThan(cores + 0.5 + 0.02 / Math.max(seconds, 0.001));
    }
    assertThat(o.get("settings").get("depthstream.model.intra-op-spinning").asText())
        .isEqualTo("false");
  }

  /**
   * Path (d) alone: the grey model as champion and, under another id, as its own challenger on
   * every frame; three short drains (warm-up, alone, one challenger).
   */
  @Test
  void aChallengersOnlyRunComparesTheChampionAloneWithOneChallenger() throws Exception {
    BenchRun run = challengersOnly();
    int status = run.status();
    StringWriter out = run.out();
    StringWriter err = run.err();

    assertThat(status).as("exit status; stderr:%n%s", err).isZero();
    assertThat(err.toString()).doesNotContain("(a) engine alone").contains("(d) warm-up drain");
    assertThat(out.toString()).contains("(d) champion", "note: ", "-copy2");
    List<String> lines = out.toString().lines().toList();
    JsonNode runs = new ObjectMapper().readTree(lines.get(lines.size() - 1)).get("challenger_runs");
    assertThat(runs).hasSize(2);
    assertThat(runs.get(0).get("shadow_maps").asLong()).isZero();
    JsonNode one = runs.get(1);
    assertThat(one.get("challengers").asInt()).isEqualTo(1);
    assertThat(one.get("challenger_ids").get(0).asText()).endsWith("-copy2");
    assertThat(one.get("champion_fps").asDouble()).isPositive();
    assertThat(one.get("shadow_maps").asLong()).isEqualTo(10);
  }

  /**
   * The batching overrides reach the service run and its settings block: the champion and its
   * challenger copy behind batchers of up to 4 frames, on two stream threads, and every frame still
   * gets its depth map and its shadow map.
   */
  @Test
  void batchingOverridesRunTheDrainsAndShowInTheSettings() throws Exception {
    BenchRun run =
        challengersOnly(
            "--stream-threads", "2", "--batch-max-size", "4", "--batch-max-wait-ms", "5");
    int status = run.status();
    StringWriter out = run.out();
    StringWriter err = run.err();

    assertThat(status).as("exit status; stderr:%n%s", err).isZero();
    List<String> lines = out.toString().lines().toList();
    JsonNode o = new ObjectMapper().readTree(lines.get(lines.size() - 1));
    assertThat(o.get("settings").get("depthstream.model.batch.max-size").asText()).isEqualTo("4");
    assertThat(o.get("settings").get("depthstream.model.batch.max-wait").asText())
        .isEqualTo("5.0 ms");
    JsonNode runs = o.get("challenger_runs");
    assertThat(runs.get(1).get("shadow_maps").asLong()).isEqualTo(10);
    assertThat(err.toString())
        .contains("10/10 depth maps committed")
        .contains("dynamic batching: grey-depth ");
  }

  @Test
  void aBatchSizeBelowOneIsRefusedBeforeAnythingRuns() {
    BenchRun run = bench("--pipeline", "--device", "cpu", "--batch-max-size", "0");
    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err().toString()).contains("depthstream.model.batch.max-size", "at least 1");
  }

  private record BenchRun(int status, StringWriter out, StringWriter err) {}

  /**
   * Path (d) alone, 10 frames of 64x48: the grey model as champion and, under another id, as its
   * own challenger on every frame, with {@code extra} options.
   */
  private BenchRun challengersOnly(String... extra) throws Exception {
    Path model = temp.resolve("model");
    OnnxTestModels.greyToDepthBundle(model);
    List<String> args =
        new ArrayList<>(
            List.of(
                "--pipeline",
                "--model",
                model.toString(),
                "--challengers",
                model.toString(),
                "--challenger-samples",
                "1.0",
                "--challengers-only",
                "--device",
                "cpu",
                "--frames",
                "10",
                "--size",
                "64x48",
                "--warmup",
                "1",
                "--json"));
    args.addAll(List.of(extra));
    return bench(args.toArray(String[]::new));
  }

  /** {@code bench} with {@code args}, its exit status and what it wrote to stdout and stderr. */
  private static BenchRun bench(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status =
        new CommandLine(new PipelineBenchCommand())
            .setOut(new PrintWriter(out))
            .setErr(new PrintWriter(err))
            .execute(args);
    return new BenchRun(status, out, err);
  }
}
