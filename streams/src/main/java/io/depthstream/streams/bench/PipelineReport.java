package io.depthstream.streams.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.depthstream.core.bench.BatchResult;
import io.depthstream.core.bench.MachineFacts;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One {@code ./depthstream bench --pipeline} run with everything needed to read it: the command,
 * the machine, the model, the frames and the service settings it ran with, and the figures of the
 * paths measured on the same frames ((d) with challengers only). Renders as text and as one JSON
 * line.
 *
 * @param frames frames per path; (a) and (b) cycle through the same few pictures as (c)
 * @param engine (a) the engine alone, batch 1
 * @param codecs (b) the engine and the per-frame codecs, and the LiDAR path per scored frame
 * @param pipeline (c) the service topology draining a backlog without LiDAR
 * @param pipelineLidar (c) the same with a LiDAR sweep per frame
 * @param latency added latency at half of {@code pipeline}'s rate
 * @param peakHeapBytes the most heap the JVM held during the whole run
 * @param settings the service settings that matter for these figures, as {@code key → value}
 * @param challengers (d) the champion's rate with challengers in shadow; null without {@code
 *     --challengers}
 */
record PipelineReport(
    String command,
    MachineFacts machine,
    String model,
    String provider,
    int intraOpThreads,
    String inputSize,
    String frameSize,
    double jpegBytes,
    double sweepPoints,
    double sweepBytes,
    int frames,
    int warmup,
    Map<String, String> settings,
    BatchResult engine,
    CodecPathBench.Result codecs,
    BacklogDrain.Result oneCamera,
    BacklogDrain.Result pipeline,
    BacklogDrain.Result pipelineLidar,
    PacedLatency.Result latency,
    long peakHeapBytes,
    ChallengerCost challengers) {

  private static final double MIB = 1024.0 * 1024.0;

  double engineFps() {
    return engine.framesPerSecond();
  }

  double engineCodecFps() {
    return codecs.framesPerSecond();
  }

  /**
   * Bytes per frame of the depth maps themselves on {@code depth.maps}, as the broker stores them.
   */
  double depthMapRecordBytes() {
    return pipeline.written().perFrame(depthMapsTopic(), pipeline.frames());
  }

  private String depthMapsTopic() {
    return settings.getOrDefault("depthstream.topics.depth-maps", "depth.maps");
  }

  /** The one-line JSON object {@code --json} prints last. */
  String json() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("engine_fps", round(engineFps()));
    o.put("engine_codec_fps", round(engineCodecFps()));
    o.put("pipeline_fps", round(pipeline.framesPerSecond()));
    o.put("pipeline_lidar_fps", round(pipelineLidar.framesPerSecond()));
    o.put("pipeline_one_camera_fps", round(oneCamera.framesPerSecond()));
    o.put("cameras", pipeline.cameras());
    o.put("pipeline_vs_engine", round(pipeline.framesPerSecond() / engineFps()));
    o.put("pipeline_vs_engine_codec", round(pipeline.framesPerSecond() / engineCodecFps()));
    o.put("pipeline_lidar_vs_engine", round(pipelineLidar.framesPerSecond() / engineFps()));
    o.put(
        "pipeline_lidar_vs_engine_codec",
        round(pipelineLidar.framesPerSecond() / engineCodecFps()));
    o.put("added_latency_p50_ms", round(latency.added().p50()));
    o.put("added_latency_p95_ms", round(latency.added().p95()));
    o.put("in_service_latency_p50_ms", round(latency.inService().p50()));
    o.put("in_service_latency_p95_ms", round(latency.inService().p95()));
    o.put("latency_rate_fps", round(latency.framesPerSecond()));
    o.put("latency_frames", latency.frames());
    o.put("kafka_bytes_per_frame", round(pipeline.written().perFrame(pipeline.frames())));
    o.put(
        "kafka_bytes_per_frame_lidar",
        round(pipelineLidar.written().perFrame(pipelineLidar.frames())));
    o.put("depth_map_record_bytes", round(depthMapRecordBytes()));
    o.put("kafka_bytes_by_topic", perFrame(pipeline));
    o.put("kafka_bytes_by_topic_lidar", perFrame(pipelineLidar));
    o.put("peak_heap_mb", round(peakHeapBytes / MIB));
    o.put("peak_heap_mb_pipeline", round(pipeline.peakHeapBytes() / MIB));
    o.put("peak_heap_mb_pipeline_lidar", round(pipelineLidar.peakHeapBytes() / MIB));
    o.put("heap_after_gc_mb_pipeline", round(pipeline.heapAfterCollectionBytes() / MIB));
    o.put("heap_after_gc_mb_pipeline_lidar", round(pipelineLidar.heapAfterCollectionBytes() / MIB));
    o.put("streams_start_s", round(pipeline.secondsToRunning()));
    o.put("streams_first_start_s", round(pipeline.secondsToFirstRunning()));
    o.put("frames", frames);
    o.put("size", frameSize);
    o.put("model", model);
    o.put("provider", provider);
    o.put("intra_op_threads", intraOpThreads);
    o.put("jpeg_bytes", round(jpegBytes));
    o.put("lidar_points", round(sweepPoints));
    o.put("lidar_bytes", round(sweepBytes));
    o.put("lidar_projection_ms", round(codecs.lidar().projectionMs()));
    o.put("lidar_store_serde_ms", round(codecs.lidar().storeSerdeMs()));
    o.put("lidar_scoring_ms", round(codecs.lidar().scoringMs()));
    o.put("lidar_scored_frame_ms", round(codecs.lidar().totalMs()));
    o.put("lidar_store_bytes", round(codecs.lidar().storeBytes()));
    o.put("lidar_truth_pixels", round(codecs.lidar().truthPixels()));
    o.put("cpu_use", cpuJson());
    o.put("settings", settings);
    if (challengers != null) {
      o.put("challenger_runs", challengers.runsJson());
    }
    putMachine(o, machine);
    return oneLine(o);
  }

  /** {@code o} as one line of JSON. */
  static String oneLine(Map<String, Object> o) {
    try {
      return new ObjectMapper().writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  /** The report for people. */
  String text() {
    StringBuilder out = new StringBuilder();
    appendMachine(out, command, machine, provider, intraOpThreads);
    out.append(
        String.format(
            Locale.ROOT,
            "model:    %s, input %s; frames %s JPEG (%.0f bytes on average), %d of them per path"
                + " after %d warm-up%n",
            model,
            inputSize,
            frameSize,
            jpegBytes,
            frames,
            warmup));
    out.append(
        String.format(
            Locale.ROOT,
            "LiDAR:    one 64-beam sweep per frame in the LiDAR run, %.0f points, %.0f bytes%n",
            sweepPoints,
            sweepBytes));
    out.append("service:  application.properties (prod profile) as serve runs it, with:\n");
    settings.forEach(
        (k, v) -> out.append("          ").append(k).append(" = ").append(v).append('\n'));
    out.append('\n');
    appendPaths(out);
    out.append('\n');
    appendCodecs(out);
    out.append('\n');
    appendCpu(out);
    out.append('\n');
    appendLatency(out);
    out.append('\n');
    appendBytes(out);
    out.append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "peak heap used: %.0f MB over the whole run (%.0f MB while draining without LiDAR, %.0f"
                + " MB with LiDAR): the whole JVM, in-process broker and the benchmark's clients"
                + " included; the collector decides when to collect, so this is what the heap"
                + " held, not the least it needs%n",
            peakHeapBytes / MIB,
            pipeline.peakHeapBytes() / MIB,
            pipelineLidar.peakHeapBytes() / MIB));
    out.append(
        String.format(
            Locale.ROOT,
            "heap in use right after a collection, at most: %.0f MB draining without LiDAR, %.0f MB"
                + " with LiDAR (what was kept, garbage of the old generation included; 0 = no"
                + " collection ran)%n",
            pipeline.heapAfterCollectionBytes() / MIB,
            pipelineLidar.heapAfterCollectionBytes() / MIB));
    if (challengers != null) {
      out.append('\n');
      challengers.appendTable(out);
    }
    return out.toString();
  }

  /** The lines that say when, how and where a run ran; {@link ChallengerCost} starts so too. */
  static void appendMachine(
      StringBuilder out,
      String command,
      MachineFacts machine,
      String provider,
      int intraOpThreads) {
    out.append("depthstream bench --pipeline, ").append(machine.date()).append('\n');
    out.append("command:  ").append(command).append('\n');
    out.append(
        machine.reportLines(
            "1/5/15 min, at the start",
            provider,
            intraOpThreads == 0 ? "ONNX Runtime's choice" : Integer.toString(intraOpThreads)));
  }

  /** The machine's facts in the JSON object. */
  static void putMachine(Map<String, Object> o, MachineFacts machine) {
    o.put("cores", machine.cores());
    o.put("cpu", machine.cpuModel());
    o.put("load_average", machine.loadAverage());
    o.put("date", machine.date().toString());
  }

  private void appendPaths(StringBuilder out) {
    out.append(
        String.format(
            Locale.ROOT,
            "%-52s %7s %9s %9s %8s %8s%n",
            "path",
            "frames",
            "seconds",
            "frames/s",
            "vs (a)",
            "vs (b)"));
    row(out, "(a) engine alone, batch 1", frames, frames / engineFps(), engineFps());
    row(
        out,
        "(b) engine + per-frame codecs of the service",
        codecs.frames(),
        codecs.seconds(),
        engineCodecFps());
    row(
        out,
        "(c) service draining one camera's backlog, no LiDAR",
        oneCamera.timedFrames(),
        oneCamera.drainSeconds(),
        oneCamera.framesPerSecond());
    row(
        out,
        "(c) the same, " + pipeline.cameras() + " cameras on " + pipeline.cameras() + " partitions",
        pipeline.timedFrames(),
        pipeline.drainSeconds(),
        pipeline.framesPerSecond());
    row(
        out,
        "(c) " + pipelineLidar.cameras() + " cameras with a LiDAR sweep per frame",
        pipelineLidar.timedFrames(),
        pipelineLidar.drainSeconds(),
        pipelineLidar.framesPerSecond());
    out.append(
        String.format(
            Locale.ROOT,
            "(c) is timed from the first committed depth map to the last (with LiDAR, to the last"
                + " frame score), over the frames committed after the first, each run a start"
                + " onto the backlog on topics Kafka Streams has run on, without its task"
                + " directories (RUNNING %.1f s, %.1f s and %.1f s after its start; %.1f s, %.1f s"
                + " and %.1f s on the first start that created its internal topics); %d of %d"
                + " frames scored in the LiDAR run%n",
            oneCamera.secondsToRunning(),
            pipeline.secondsToRunning(),
            pipelineLidar.secondsToRunning(),
            oneCamera.secondsToFirstRunning(),
            pipeline.secondsToFirstRunning(),
            pipelineLidar.secondsToFirstRunning(),
            pipelineLidar.framesScored(),
            pipelineLidar.frames()));
  }

  private void row(StringBuilder out, String name, int frames, double seconds, double fps) {
    out.append(
        String.format(
            Locale.ROOT,
            "%-52s %7d %9.2f %9.2f %7.2fx %7.2fx%n",
            name,
            frames,
            seconds,
            fps,
            fps / engineFps(),
            fps / engineCodecFps()));
  }

  private void appendCodecs(StringBuilder out) {
    out.append(
        String.format(
            Locale.ROOT,
            "(b) per frame, mean ms: JPEG decode %.2f (thread CPU %.2f), model %.2f (session.run"
                + " %.2f), depth PNG encode %.2f (%.0f bytes)%n",
            codecs.jpegDecodeMs(),
            codecs.jpegDecodeCpuMs(),
            codecs.modelMs(),
            codecs.inferenceMs(),
            codecs.pngEncodeMs(),
            codecs.meanPngBytes()));
    CodecPathBench.LidarPath lidar = codecs.lidar();
    out.append(
        String.format(
            Locale.ROOT,
            "    LiDAR path per scored frame, not in (b), mean ms: projection into sparse depth %.2f"
                + " (%.0f pixels), ground-truth store serde there and back %.2f (%.0f bytes),"
                + " scoring at the truth's pixels %.2f; %.2f in all%n",
            lidar.projectionMs(),
            lidar.truthPixels(),
            lidar.storeSerdeMs(),
            lidar.storeBytes(),
            lidar.scoringMs(),
            lidar.totalMs()));
  }

  /**
   * One timed path's CPU: its JSON key, its row label, the frames it timed and where the cores went
   * meanwhile.
   */
  private record PathCpu(String key, String label, int frames, CpuUse cpu) {}

  private List<PathCpu> cpuByPath() {
    return List.of(
        new PathCpu("engine_codec", "(b) engine + codecs", codecs.frames(), codecs.cpu()),
        new PathCpu(
            "pipeline_one_camera", "(c) one camera", oneCamera.timedFrames(), oneCamera.cpu()),
        new PathCpu(
            "pipeline",
            "(c) " + pipeline.cameras() + " cameras",
            pipeline.timedFrames(),
            pipeline.cpu()),
        new PathCpu(
            "pipeline_lidar",
            "(c) " + pipelineLidar.cameras() + " cameras + LiDAR",
            pipelineLidar.timedFrames(),
            pipelineLidar.cpu()));
  }

  private Map<String, Object> cpuJson() {
    Map<String, Object> o = new LinkedHashMap<>();
    for (PathCpu path : cpuByPath()) {
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("cpu_ms_per_frame", roundOrNull(path.cpu().cpuMsPerFrame(path.frames())));
      p.putAll(path.cpu().json());
      o.put(path.key(), p);
    }
    return o;
  }

  /**
   * Where the cores went on each timed path: the JVM's CPU per frame, the cores in use on average
   * by group of threads, and the idle ones. A path slower than its CPU allows shows idle cores.
   */
  private void appendCpu(StringBuilder out) {
    out.append(
        "where the cores went while each path was timed (cores in use on average; CPU ms per frame"
            + " is the whole JVM's):\n");
    out.append(String.format(Locale.ROOT, "  %-30s %7s %6s %5s", "path", "CPU ms", "used", "idle"));
    for (String name : CpuUse.SHORT_NAMES) {
      out.append(String.format(Locale.ROOT, " %8s", name));
    }
    out.append('\n');
    for (PathCpu path : cpuByPath()) {
      CpuUse cpu = path.cpu();
      out.append(
          String.format(
              Locale.ROOT,
              "  %-30s %7.1f %6.2f %5.2f",
              path.label(),
              cpu.cpuMsPerFrame(path.frames()),
              cpu.coresUsed(),
              cpu.idleCores()));
      for (String group : CpuUse.GROUPS) {
        out.append(String.format(Locale.ROOT, " %8.2f", cpu.cores(group)));
      }
      out.append(String.format(Locale.ROOT, " %8.2f%n", cpu.cores(CpuUse.NATIVE)));
    }
    out.append(
        "  stream: the service's stream threads; PNG help: the depth PNG's stripe helpers;\n"
            + "  svc other: the service's Kafka client I/O, state updater and batcher; bench: the\n"
            + "  benchmark's main thread ((b) runs on it), publisher and reader; broker+: the\n"
            + "  in-process broker and other Java threads; native: ONNX Runtime's threads, GC, JIT\n");
  }

  private void appendLatency(StringBuilder out) {
    out.append(
        String.format(
            Locale.ROOT,
            "added latency, %d frames sent at %.1f frames/s (half of (c) without LiDAR) for %.1f"
                + " s:%n",
            latency.frames(),
            latency.framesPerSecond(),
            latency.seconds()));
    out.append(
        String.format(
            Locale.ROOT,
            "  frame sent -> depth map committed (read_committed), minus session.run: p50 %.1f ms,"
                + " p95 %.1f ms%n",
            latency.added().p50(),
            latency.added().p95()));
    out.append(
        String.format(
            Locale.ROOT,
            "  of which before the commit (the map's endToEndMs minus session.run): p50 %.1f ms,"
                + " p95 %.1f ms; the rest waits for the transaction to commit%n",
            latency.inService().p50(),
            latency.inService().p95()));
  }

  private void appendBytes(StringBuilder out) {
    out.append(
            "Kafka bytes written by the service per frame (topic sizes on the broker before and\n")
        .append("after each drain, the topics it reads left out):\n");
    TreeSet<String> names = new TreeSet<>(pipeline.written().byTopic().keySet());
    names.addAll(pipelineLidar.written().byTopic().keySet());
    List<String> ordered =
        names.stream()
            .sorted(
                (x, y) ->
                    Long.compare(
                        pipelineLidar.written().of(y) + pipeline.written().of(y),
                        pipelineLidar.written().of(x) + pipeline.written().of(x)))
            .toList();
    out.append(String.format(Locale.ROOT, "  %-58s %12s %12s%n", "topic", "no LiDAR", "LiDAR"));
    for (String topic : ordered) {
      out.append(
          String.format(
              Locale.ROOT,
              "  %-58s %12.0f %12.0f%n",
              topic,
              pipeline.written().perFrame(topic, pipeline.frames()),
              pipelineLidar.written().perFrame(topic, pipelineLidar.frames())));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "  %-58s %12.0f %12.0f%n",
            "total",
            pipeline.written().perFrame(pipeline.frames()),
            pipelineLidar.written().perFrame(pipelineLidar.frames())));
    out.append(
        String.format(
            Locale.ROOT,
            "  total over the depth map record (%s, %.0f bytes): %.2fx without LiDAR, %.2fx with%n",
            depthMapsTopic(),
            depthMapRecordBytes(),
            pipeline.written().perFrame(pipeline.frames()) / depthMapRecordBytes(),
            pipelineLidar.written().perFrame(pipelineLidar.frames()) / depthMapRecordBytes()));
  }

  private Map<String, Object> perFrame(BacklogDrain.Result run) {
    Map<String, Object> o = new LinkedHashMap<>();
    run.written()
        .byTopic()
        .keySet()
        .forEach(t -> o.put(t, round(run.written().perFrame(t, run.frames()))));
    return o;
  }

  static double round(double value) {
    return Math.round(value * 100.0) / 100.0;
  }

  /** {@link #round}, or null (JSON's "unknown") for NaN, a figure the JVM could not measure. */
  static Double roundOrNull(double value) {
    return Double.isNaN(value) ? null : round(value);
  }
}
