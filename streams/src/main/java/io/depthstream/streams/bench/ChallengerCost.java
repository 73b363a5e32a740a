package io.depthstream.streams.bench;

import io.depthstream.core.bench.MachineFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Path (d) as measured: the champion's frames/s draining the same backlog alone and beside each
 * lineup of challengers, to show what shadow inference costs the champion's path at each sample
 * fraction (issue 13, "cost control"). Renders as a table inside the pipeline report, or on its own
 * with {@code --challengers-only}.
 *
 * @param champion the champion's model id
 * @param frames frames per drain
 * @param cameras cameras (and partitions) the backlog is spread over
 * @param notes what a reader must know about the challengers (copies under another id)
 * @param runs the champion alone first, then each lineup at each sample
 */
record ChallengerCost(
    String champion, int frames, int cameras, List<String> notes, List<Run> runs) {

  /**
   * One drain.
   *
   * @param challengers the challengers' model ids; empty for the champion alone
   * @param sample the fraction of frames the challengers ran (0 with none)
   * @param drain the drain, timed until the champion's last depth map was committed
   * @param shadowMaps challengers' maps read from depth.maps.shadow (read_committed)
   * @param expectedShadowMaps sampled frames × challengers
   */
  record Run(
      List<String> challengers,
      double sample,
      BacklogDrain.Result drain,
      long shadowMaps,
      long expectedShadowMaps) {

    double championFps() {
      return drain.framesPerSecond();
    }
  }

  ChallengerCost {
    notes = List.copyOf(notes);
    runs = List.copyOf(runs);
    if (runs.isEmpty() || !runs.get(0).challengers().isEmpty()) {
      throw new IllegalArgumentException("the first run must be the champion alone");
    }
  }

  /** The champion's rate in {@code run} over its rate alone in the same benchmark run. */
  double vsAlone(Run run) {
    return run.championFps() / runs.get(0).championFps();
  }

  /** {@code challenger_runs} of the JSON object, one entry per drain, the champion alone first. */
  List<Map<String, Object>> runsJson() {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Run run : runs) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("challengers", run.challengers().size());
      o.put("challenger_ids", run.challengers());
      o.put("sample", run.challengers().isEmpty() ? null : run.sample());
      o.put("champion_fps", PipelineReport.round(run.championFps()));
      o.put("vs_no_challenger", PipelineReport.round(vsAlone(run)));
      o.put("seconds", PipelineReport.round(run.drain().drainSeconds()));
      o.put("shadow_maps", run.shadowMaps());
      o.put("shadow_maps_expected", run.expectedShadowMaps());
      list.add(o);
    }
    return list;
  }

  /** The table of (d), as the pipeline report shows it. */
  void appendTable(StringBuilder out) {
    out.append(
        String.format(
            Locale.ROOT,
            "(d) champion %s with challengers in shadow: the backlog of (c), %d frames on %d"
                + " cameras, no LiDAR, drained once per lineup and sample%n",
            champion,
            frames,
            cameras));
    out.append(
        String.format(
            Locale.ROOT,
            "%-52s %6s %9s %9s %9s %13s%n",
            "challengers",
            "sample",
            "seconds",
            "frames/s",
            "vs alone",
            "shadow maps"));
    for (Run run : runs) {
      boolean alone = run.challengers().isEmpty();
      out.append(
          String.format(
              Locale.ROOT,
              "%-52s %6s %9.2f %9.2f %8.2fx %13s%n",
              alone ? "none (champion alone)" : String.join(", ", run.challengers()),
              alone ? "-" : String.format(Locale.ROOT, "%.2f", run.sample()),
              run.drain().drainSeconds(),
              run.championFps(),
              vsAlone(run),
              run.shadowMaps() + " of " + run.expectedShadowMaps()));
    }
    out.append(
        "frames/s: the champion's depth maps, timed like (c) until the last is committed on"
            + " depth.maps; vs alone: over the first row; shadow maps: committed on"
            + " depth.maps.shadow, of sampled frames x challengers\n");
    notes.forEach(note -> out.append("note: ").append(note).append('\n'));
  }

  /** The report of a {@code --challengers-only} run. */
  String text(
      String command,
      MachineFacts machine,
      String provider,
      int intraOpThreads,
      String frameSize,
      Map<String, String> settings) {
    StringBuilder out = new StringBuilder();
    PipelineReport.appendMachine(out, command, machine, provider, intraOpThreads);
    out.append("frames:   ").append(frameSize).append(" JPEG\n");
    out.append("service:  application.properties (prod profile) as serve runs it, with:\n");
    settings.forEach(
        (k, v) -> out.append("          ").append(k).append(" = ").append(v).append('\n'));
    out.append('\n');
    appendTable(out);
    return out.toString();
  }

  /** The JSON line of a {@code --challengers-only} run. */
  String json(
      MachineFacts machine,
      String provider,
      int intraOpThreads,
      String frameSize,
      Map<String, String> settings) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("challenger_runs", runsJson());
    o.put("cameras", cameras);
    o.put("frames", frames);
    o.put("size", frameSize);
    o.put("model", champion);
    o.put("provider", provider);
    o.put("intra_op_threads", intraOpThreads);
    o.put("settings", settings);
    PipelineReport.putMachine(o, machine);
    return PipelineReport.oneLine(o);
  }
}
