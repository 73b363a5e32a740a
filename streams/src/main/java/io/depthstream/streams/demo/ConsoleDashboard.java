package io.depthstream.streams.demo;

import io.depthstream.streams.demo.DemoFleet.DemoVehicle;
import io.depthstream.streams.live.LiveFleetView;
import io.depthstream.streams.live.MetricHistory;
import io.depthstream.streams.live.MetricHistory.WindowPoint;
import io.depthstream.streams.live.PipelineRates;
import io.depthstream.streams.models.ModelCatalog;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Prints the demo's live table every {@code depthstream.demo.console-interval}. The table is the
 * demo's user interface, so it goes to standard output as it is, not through the logger's
 * timestamps. On a terminal it is redrawn in place; piped to a file, each table follows the last.
 */
@ApplicationScoped
public class ConsoleDashboard {

  private final DemoConfig demo;
  private final DemoFleet fleet;
  private final LiveFleetView live;
  private final PipelineRates rates;
  private final ModelCatalog models;
  private final String url;
  private final PrintStream console = System.out;
  private final boolean terminal = System.console() != null;
  private ScheduledExecutorService ticker;
  private int lastLines;

  @Inject
  public ConsoleDashboard(
      DemoConfig demo,
      DemoFleet fleet,
      LiveFleetView live,
      PipelineRates rates,
      ModelCatalog models,
      @ConfigProperty(name = "quarkus.http.port") int port) {
    this.demo = demo;
    this.fleet = fleet;
    this.live = live;
    this.rates = rates;
    this.models = models;
    this.url = "http://localhost:" + port + "/";
  }

  void onStart(@Observes StartupEvent event) {
    if (!demo.enabled() || !demo.console()) {
      return;
    }
    console.printf(
        "%n  depthstream demo: open  %s  for live depth and accuracy (Ctrl-C stops)%n%n", url);
    ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "demo-console");
              t.setDaemon(true);
              return t;
            });
    long every = demo.consoleInterval().toMillis();
    ticker.scheduleAtFixedRate(this::print, every, every, TimeUnit.MILLISECONDS);
  }

  // After the fleet has stopped (its observer runs first), before Kafka Streams and the broker.
  void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE + 1) ShutdownEvent event) {
    if (ticker == null) {
      return;
    }
    ticker.shutdownNow();
    console.printf(
        "%n  depthstream demo: fleet stopped after %d frames; stopping the service, then the"
            + " broker%n",
        fleet.framesSent());
    console.flush();
  }

  private void print() {
    List<DemoVehicle> vehicles = fleet.vehicles();
    MetricHistory history = live.history();
    Map<String, Optional<WindowPoint>> windows = new LinkedHashMap<>();
    Map<String, Integer> scored = new LinkedHashMap<>();
    for (DemoVehicle v : vehicles) {
      windows.put(v.id(), history.latestWindow(v.id()));
      scored.put(v.id(), history.of(v.id()).frames().size());
    }
    console.print(
        ConsoleTable.render(
            heading(),
            vehicles,
            windows,
            scored,
            rates.snapshot(),
            fleet.lagMillis() / 1000.0,
            url));
    console.flush();
  }

  private String heading() {
    long started = fleet.startedMillis();
    String elapsed =
        started == 0 ? "starting" : clock((System.currentTimeMillis() - started) / 1000);
    String of = demo.duration().map(d -> " of " + clock(d.toSeconds())).orElse("");
    return String.format(
        Locale.ROOT,
        "%n── depthstream demo · model %s on %s · %d vehicles at %s fps, %s · %s%s",
        models.champion().id(),
        models.champion().provider(),
        demo.vehicles(),
        demo.fps() == Math.rint(demo.fps()) ? "" + (long) demo.fps() : "" + demo.fps(),
        demo.size(),
        elapsed,
        of);
  }

  private static String clock(long seconds) {
    return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
  }
}
