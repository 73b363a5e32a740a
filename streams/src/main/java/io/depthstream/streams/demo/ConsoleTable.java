package io.depthstream.streams.demo;

import io.depthstream.streams.demo.DemoFleet.DemoVehicle;
import io.depthstream.streams.live.MetricHistory.WindowPoint;
import io.depthstream.streams.live.PipelineRates.Snapshot;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The demo's console table as text: one row per vehicle with its newest closed window (δ1, abs_rel,
 * rmse), then the pipeline's throughput. Pure formatting, so a test can read it.
 */
public final class ConsoleTable {

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

  private ConsoleTable() {}

  /**
   * @param heading the first line (model, fleet, elapsed time)
   * @param windows each vehicle's newest closed window, where one has closed
   * @param framesScored per vehicle: frames scored so far
   */
  public static String render(
      String heading,
      List<DemoVehicle> vehicles,
      Map<String, Optional<WindowPoint>> windows,
      Map<String, Integer> framesScored,
      Snapshot pipeline,
      double fleetLagSeconds,
      String url) {
    StringBuilder out = new StringBuilder();
    out.append(heading).append('\n');
    out.append(
        String.format(
            Locale.ROOT,
            "  %-8s %-13s %-19s %7s %8s %8s %7s%n",
            "vehicle",
            "scene",
            "window",
            "δ1",
            "abs_rel",
            "rmse m",
            "frames"));
    for (DemoVehicle v : vehicles) {
      Optional<WindowPoint> w = windows.getOrDefault(v.id(), Optional.empty());
      if (w.isPresent()) {
        WindowPoint p = w.get();
        out.append(
            String.format(
                Locale.ROOT,
                "  %-8s %-13s %-19s %7.3f %8.3f %8.3f %7d%n",
                v.id(),
                v.scene(),
                CLOCK.format(Instant.ofEpochMilli(p.windowStart()))
                    + "–"
                    + CLOCK.format(Instant.ofEpochMilli(p.windowEnd())),
                p.delta1(),
                p.absRel(),
                p.rmse(),
                p.frames()));
      } else {
        out.append(
            String.format(
                Locale.ROOT,
                "  %-8s %-13s waiting for its first window (%d frames scored so far)%n",
                v.id(),
                v.scene(),
                framesScored.getOrDefault(v.id(), 0)));
      }
    }
    out.append(
        String.format(
            Locale.ROOT,
            "  frames in %.1f/s  out %.1f/s  (total %d / %d)   inference %s   DLQ %d   fleet lag %.1f s%n",
            pipeline.framesInPerSecond(),
            pipeline.framesOutPerSecond(),
            pipeline.framesIn(),
            pipeline.framesOut(),
            Double.isNaN(pipeline.inferenceMs())
                ? "-"
                : String.format(Locale.ROOT, "%.1f ms", pipeline.inferenceMs()),
            pipeline.deadLetters(),
            fleetLagSeconds));
    out.append("  live page: ").append(url).append('\n');
    return out.toString();
  }
}
