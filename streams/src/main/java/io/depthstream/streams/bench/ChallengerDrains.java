package io.depthstream.streams.bench;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.streams.config.ServiceSettings;
import io.depthstream.streams.models.ChallengerSampling;
import io.depthstream.streams.models.ModelBatching;
import io.depthstream.streams.models.ModelCatalog;
import io.depthstream.streams.models.ServingModel;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Path (d) of the pipeline benchmark, what challengers cost the champion (issue 13, "cost
 * control"): the multi-camera backlog of (c), without LiDAR, drained once with the champion alone
 * and then once per lineup: the first k challengers, k = 1..all, at each sample fraction. Each
 * drain gets a fresh broker and is timed like (c), until the champion's last depth map is
 * committed; the challengers' shadow maps are counted afterwards, so a reader sees that they ran.
 */
final class ChallengerDrains {

  /**
   * Shadow maps commit in the champion's transactions (one task runs both for a frame), so they are
   * readable by the time the drain ends; this only bounds waiting for the reader to fetch them.
   */
  private static final long SHADOW_WAIT_MILLIS = 10_000;

  private final ServiceSettings settings;
  private final DepthEstimator champion;
  private final HeapPeak heap;
  private final Progress progress;
  private final BenchFrames frames;
  private final int count;
  private final int cameras;
  private final Duration timeout;

  ChallengerDrains(
      ServiceSettings settings,
      DepthEstimator champion,
      HeapPeak heap,
      Progress progress,
      BenchFrames frames,
      int count,
      int cameras,
      Duration timeout) {
    this.settings = settings;
    this.champion = champion;
    this.heap = heap;
    this.progress = progress;
    this.frames = frames;
    this.count = count;
    this.cameras = cameras;
    this.timeout = timeout;
  }

  /**
   * Drains the backlog with no challenger, then with each lineup of {@code challengers} at each of
   * {@code samples}. With {@code warmUp}, one unmeasured drain goes first: without the drains of
   * (c) before them, the first measured drain would also pay for the JIT compiling the topology.
   */
  ChallengerCost run(ChallengerSessions challengers, List<Double> samples, boolean warmUp)
      throws InterruptedException {
    if (warmUp) {
      drain(List.of(), 0, "(d) warm-up drain without challengers, not measured");
    }
    List<ChallengerCost.Run> runs = new ArrayList<>();
    runs.add(drain(List.of(), 0, "(d) champion alone, " + cameras + " cameras"));
    List<DepthEstimator> all = challengers.estimators();
    for (int k = 1; k <= all.size(); k++) {
      for (double sample : samples) {
        runs.add(
            drain(
                all.subList(0, k),
                sample,
                String.format(
                    Locale.ROOT,
                    "(d) %d challenger%s at sample %s, %d cameras",
                    k,
                    k == 1 ? "" : "s",
                    sample,
                    cameras)));
      }
    }
    return new ChallengerCost(
        champion.bundle().id(), count, cameras, challengers.notes(), List.copyOf(runs));
  }

  private ChallengerCost.Run drain(List<DepthEstimator> lineup, double sample, String label)
      throws InterruptedException {
    ChallengerSampling sampling = new ChallengerSampling(sample);
    // Fresh ServingModels on the shared sessions, and the catalog is never closed: closing it would
    // close the sessions the next drain runs on (ChallengerSessions and the command close them).
    // Batching as the service would (depthstream.model.batch.*); ServiceRun stops the batchers.
    ModelBatching batching = ModelBatching.of(settings.depthstream().model());
    ModelCatalog catalog =
        new ModelCatalog(
            new ServingModel(champion, batching),
            lineup.stream().map(estimator -> new ServingModel(estimator, batching)).toList(),
            sampling,
            Clock.systemUTC(),
            "bench");
    try (ServiceRun run = ServiceRun.start(settings, catalog);
        CommittedArrivals arrivals = CommittedArrivals.of(run)) {
      BacklogDrain.Result drained =
          new BacklogDrain(run, heap, progress)
              .run(frames, count, cameras, false, arrivals, timeout, label);
      long expected =
          lineup.size() * BacklogDrain.framesSampled(count, cameras, run.partitions(), sampling);
      return new ChallengerCost.Run(
          lineup.stream().map(e -> e.bundle().id()).toList(),
          sample,
          drained,
          awaitShadowMaps(arrivals, expected),
          expected);
    }
  }

  /** The shadow maps read once {@code expected} arrived, or after the wait if fewer did. */
  private static long awaitShadowMaps(CommittedArrivals arrivals, long expected)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + SHADOW_WAIT_MILLIS;
    while (arrivals.shadowMaps() < expected && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    return arrivals.shadowMaps();
  }
}
