package io.depthstream.core.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.RgbImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dynamic batcher on a real model (the repository's densedepth-tiny-indoor bundle, 160x128
 * input) with real threads: what each caller gets, whether batches form, a failing frame, close.
 */
class DynamicBatcherTest {

  private static final Path BUNDLE = Path.of("..", "models", "densedepth-tiny-indoor");
  private static final float TOLERANCE = 1e-4f;

  private static DepthEstimator estimator;

  @BeforeAll
  static void open() {
    estimator =
        DepthEstimator.open(
            ModelBundle.load(BUNDLE),
            EngineOptions.defaults().withDevice(DeviceChoice.CPU).withThreads(1, 1));
  }

  @AfterAll
  static void close() {
    estimator.close();
  }

  /** A frame of random pixels; sizes differ between frames so batches mix sizes. */
  private static RgbImage frame(int seed) {
    Random random = new Random(seed);
    int width = 64 + 16 * (seed % 3);
    int height = 48 + 8 * (seed % 2);
    RgbImage image = RgbImage.blank(width, height);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.set(x, y, random.nextInt(256), random.nextInt(256), random.nextInt(256));
      }
    }
    return image;
  }

  private static void assertSamePrediction(DepthPrediction actual, DepthPrediction expected) {
    assertThat(actual.map().width()).isEqualTo(expected.map().width());
    assertThat(actual.map().height()).isEqualTo(expected.map().height());
    float[] a = actual.map().metres();
    float[] e = expected.map().metres();
    for (int i = 0; i < e.length; i++) {
      assertThat(Math.abs(a[i] - e[i])).as("pixel %d", i).isLessThanOrEqualTo(TOLERANCE);
    }
  }

  @Test
  void concurrentCallersEachGetTheirOwnFramesPredictionAndBatchesForm() throws Exception {
    int callers = 4;
    int rounds = 5;
    List<RgbImage> frames = new ArrayList<>();
    List<DepthPrediction> alone = new ArrayList<>();
    for (int i = 0; i < callers * rounds; i++) {
      frames.add(frame(i));
      alone.add(estimator.predict(frames.get(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    // A generous wait: on a loaded machine the callers of a round still meet in one batch.
    try (DynamicBatcher batcher = new DynamicBatcher(estimator, callers, Duration.ofMillis(500))) {
      CyclicBarrier round = new CyclicBarrier(callers);
      List<Future<List<DepthPrediction>>> results = new ArrayList<>();
      for (int c = 0; c < callers; c++) {
        int caller = c;
        results.add(
            pool.submit(
                () -> {
                  List<DepthPrediction> mine = new ArrayList<>();
                  for (int r = 0; r < rounds; r++) {
                    round.await(30, TimeUnit.SECONDS);
                    mine.add(batcher.predict(frames.get(r * callers + caller)));
                  }
                  return mine;
                }));
      }
      boolean someShared = false;
      for (int c = 0; c < callers; c++) {
        List<DepthPrediction> mine = results.get(c).get(60, TimeUnit.SECONDS);
        for (int r = 0; r < rounds; r++) {
          DepthPrediction prediction = mine.get(r);
          assertSamePrediction(prediction, alone.get(r * callers + c));
          StageTimings timings = prediction.timings();
          assertThat(timings.inferenceMsPerFrame())
              .isEqualTo(timings.inferenceMs() / timings.batchSize());
          someShared |= timings.batchSize() > 1;
        }
      }
      assertThat(batcher.frames()).isEqualTo(callers * rounds);
      assertThat(batcher.batches()).isLessThan(batcher.frames());
      assertThat(someShared).as("some frame shared its session.run").isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aFailingFrameFailsOnlyItsOwnCaller() throws Exception {
    RgbImage bad = frame(100);
    // The real estimator, except that any run holding the bad frame fails, as a frame ONNX
    // Runtime cannot run would.
    Function<List<RgbImage>, List<DepthPrediction>> runner =
        images -> {
          if (images.stream().anyMatch(image -> image == bad)) {
            throw new InferenceException("model refuses this frame");
          }
          return estimator.predictBatch(images);
        };
    List<RgbImage> good = List.of(frame(1), frame(2));
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try (DynamicBatcher batcher = new DynamicBatcher(estimator, runner, 3, Duration.ofSeconds(2))) {
      CyclicBarrier together = new CyclicBarrier(3);
      Future<DepthPrediction> first =
          pool.submit(
              () -> {
                together.await();
                return batcher.predict(good.get(0));
              });
      Future<DepthPrediction> poisoned =
          pool.submit(
              () -> {
                together.await();
                return batcher.predict(bad);
              });
      Future<DepthPrediction> second =
          pool.submit(
              () -> {
                together.await();
                return batcher.predict(good.get(1));
              });
      assertSamePrediction(first.get(30, TimeUnit.SECONDS), estimator.predict(good.get(0)));
      assertSamePrediction(second.get(30, TimeUnit.SECONDS), estimator.predict(good.get(1)));
      assertThatThrownBy(() -> poisoned.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isInstanceOf(InferenceException.class)
          .hasMessage("model refuses this frame");
      // The three met in one batch, which failed and was re-run frame by frame.
      assertThat(batcher.batches()).isEqualTo(1);
      assertThat(batcher.frames()).isEqualTo(3);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void closeFailsTheWaitingCallersAndLaterCallsAtOnce() throws Exception {
    DynamicBatcher batcher = new DynamicBatcher(estimator, 4, Duration.ofSeconds(30));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      // Alone, this frame waits up to 30 s for batch-mates: close() must not leave it waiting.
      Future<DepthPrediction> waiting = pool.submit(() -> batcher.predict(frame(3)));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!batcherThreadWaiting() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      Thread.sleep(100);
      long start = System.nanoTime();
      batcher.close();
      assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("dynamic batcher of model densedepth-tiny-indoor")
          .hasMessageContaining("closed");
      assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start)).isLessThan(10);
      assertThatThrownBy(() -> batcher.predict(frame(4)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("closed");
      assertThat(batcherThreads()).isEmpty();
      // The estimator is its owner's to close, and still runs.
      assertThat(estimator.predict(frame(4)).map().width()).isEqualTo(frame(4).width());
    } finally {
      pool.shutdownNow();
      batcher.close();
    }
  }

  @Test
  void maxBatchSizeOneRunsOnTheCallersThreadWithNoBatcherThread() {
    try (DynamicBatcher batcher = new DynamicBatcher(estimator, 1, Duration.ofMillis(2))) {
      assertThat(batcher.batching()).isFalse();
      assertThat(batcherThreads()).isEmpty();
      RgbImage image = frame(5);
      DepthPrediction prediction = batcher.predict(image);
      assertSamePrediction(prediction, estimator.predict(image));
      assertThat(prediction.timings().batchSize()).isEqualTo(1);
      assertThat(batcher.batches()).isEqualTo(1);
      assertThat(batcher.frames()).isEqualTo(1);
      assertThat(batcher.bundle()).isSameAs(estimator.bundle());
      assertThat(batcher.provider()).isEqualTo("CPU");
    }
  }

  @Test
  void limitsAreChecked() {
    assertThatThrownBy(() -> new DynamicBatcher(estimator, 0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new DynamicBatcher(estimator, 2, Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zero or more");
  }

  private static List<Thread> batcherThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("depth-batcher-") && t.isAlive())
        .toList();
  }

  private static boolean batcherThreadWaiting() {
    return batcherThreads().stream().anyMatch(t -> t.getState() == Thread.State.TIMED_WAITING);
  }
}
