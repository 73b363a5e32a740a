package io.depthstream.core.inference;

import io.depthstream.core.image.RgbImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triton's dynamic batcher in front of a {@link DepthEstimator}: {@link #predict} calls made at the
 * same time from several threads (the service's stream threads, challengers in shadow) are run as
 * one {@link DepthEstimator#predictBatch}, one {@code session.run}, of up to {@code maxBatchSize}
 * frames, collected for at most {@code maxWait} after the first of them arrives. Each caller gets
 * the prediction of its own frame, at its frame's own size (predictBatch resizes every frame to the
 * model input and upsamples each output to its frame, so frames of different sizes share a batch),
 * with the stage timings predictBatch reports: {@link StageTimings#inferenceMsPerFrame} is the
 * frame's share of the batch's run.
 *
 * <p>Crash-safe by construction: {@link #predict} stays synchronous and returns only once its
 * frame's prediction exists, so a caller that acknowledges its input after using the prediction (a
 * Kafka Streams processor under exactly-once, which commits after {@code process()} returns) never
 * acknowledges a frame whose output does not exist. Batches form across callers, never across the
 * records of one caller, so per-caller (per-task, per-key) order is untouched. The cost is that a
 * batch is bounded by the number of concurrent callers.
 *
 * <p>A batch that fails is run again frame by frame, so only the frame that fails on its own fails
 * its caller: one bad frame stays one dead letter instead of failing its batch-mates. Preprocessing
 * and upsampling of a batch run on the batcher's thread, one frame after another.
 *
 * <p>With {@code maxBatchSize} 1 there is no batcher thread: calls go straight to the estimator on
 * the caller's thread. {@link #close()} stops the thread and fails the callers still waiting; later
 * calls fail at once. It does not close the estimator, which its owner closes after.
 */
public final class DynamicBatcher implements DepthPredictor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

  /** How long {@link #close()} waits for a batch in {@code session.run} to finish. */
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  private final DepthEstimator estimator;
  private final Function<List<RgbImage>, List<DepthPrediction>> runner;
  private final int maxBatchSize;
  private final long maxWaitNanos;
  private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
  private final Object submitLock = new Object();
  private final Thread worker;
  private final LongAdder batches = new LongAdder();
  private final LongAdder frames = new LongAdder();
  private volatile boolean closed;

  /**
   * A batcher over {@code estimator}; starts its thread unless {@code maxBatchSize} is 1.
   *
   * @param maxBatchSize most frames per batch, at least 1; 1 = no batching
   * @param maxWait longest a first request waits for batch-mates, zero or more
   */
  public DynamicBatcher(DepthEstimator estimator, int maxBatchSize, Duration maxWait) {
    this(estimator, estimator::predictBatch, maxBatchSize, maxWait);
  }

  /** As above, with batches run by {@code runner} instead of the estimator (tests wrap it). */
  DynamicBatcher(
      DepthEstimator estimator,
      Function<List<RgbImage>, List<DepthPrediction>> runner,
      int maxBatchSize,
      Duration maxWait) {
    this.estimator = Objects.requireNonNull(estimator, "estimator");
    this.runner = Objects.requireNonNull(runner, "runner");
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
    }
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("max wait must be zero or more, got " + maxWait);
    }
    this.maxBatchSize = maxBatchSize;
    this.maxWaitNanos = maxWait.toNanos();
    if (maxBatchSize > 1) {
      worker = new Thread(this::serve, "depth-batcher-" + estimator.bundle().id());
      worker.setDaemon(true);
      worker.start();
    } else {
      worker = null;
    }
  }

  /**
   * Depth for {@code frame}, run in a batch with the frames of other callers waiting at the same
   * time; blocks until this frame's prediction exists.
   *
   * @throws InferenceException when the frame fails on its own
   * @throws IllegalStateException when the batcher is closed, or closes while the frame waits
   */
  @Override
  public DepthPrediction predict(RgbImage frame) {
    Objects.requireNonNull(frame, "frame");
    if (worker == null) {
      if (closed) {
        throw closedException();
      }
      DepthPrediction prediction = runner.apply(List.of(frame)).get(0);
      batches.increment();
      frames.increment();
      return prediction;
    }
    Request request = new Request(frame);
    // Under the lock, so that close() cannot miss a request offered after its drain.
    synchronized (submitLock) {
      if (closed) {
        throw closedException();
      }
      queue.add(request);
    }
    return await(request.result);
  }

  private static DepthPrediction await(CompletableFuture<DepthPrediction> result) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return result.get();
        } catch (InterruptedException e) {
          // The frame is already in a batch; wait for its answer, then pass the interrupt on.
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException runtime) {
            throw runtime;
          }
          if (cause instanceof Error error) {
            throw error;
          }
          throw new InferenceException("inference failed: " + cause, cause);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The batcher thread: take a first request, gather more until full or the wait ends, run. */
  private void serve() {
    List<Request> batch = new ArrayList<>(maxBatchSize);
    try {
      while (!closed) {
        batch.add(queue.take());
        long deadline = System.nanoTime() + maxWaitNanos;
        while (batch.size() < maxBatchSize) {
          // Whatever is queued already joins without waiting; then wait out the rest of maxWait.
          Request next = queue.poll();
          if (next == null) {
            long left = deadline - System.nanoTime();
            next = left > 0 ? queue.poll(left, TimeUnit.NANOSECONDS) : null;
          }
          if (next == null) {
            break;
          }
          batch.add(next);
        }
        run(batch);
        batch.clear();
      }
    } catch (InterruptedException e) {
      // close(): the requests gathered but not run fail below with the ones still queued.
    } finally {
      for (Request request : batch) {
        request.result.completeExceptionally(closedException());
      }
    }
  }

  /** Runs one batch; when it fails, runs its frames one by one so only a bad frame fails. */
  private void run(List<Request> batch) {
    List<RgbImage> images = new ArrayList<>(batch.size());
    for (Request request : batch) {
      images.add(request.frame);
    }
    batches.increment();
    frames.add(batch.size());
    List<DepthPrediction> predictions;
    try {
      predictions = runner.apply(images);
    } catch (RuntimeException | Error e) {
      // Errors too (a frame too big for memory): a throwable escaping here would end the thread
      // and leave every later caller waiting forever; the caller gets it instead.
      if (batch.size() == 1) {
        batch.get(0).result.completeExceptionally(e);
        return;
      }
      LOG.debug(
          "a batch of {} frames failed ({}); running them one by one", batch.size(), e.toString());
      for (Request request : batch) {
        try {
          request.result.complete(runner.apply(List.of(request.frame)).get(0));
        } catch (RuntimeException | Error single) {
          request.result.completeExceptionally(single);
        }
      }
      return;
    }
    for (int i = 0; i < batch.size(); i++) {
      batch.get(i).result.complete(predictions.get(i));
    }
  }

  /**
   * Stops the batcher thread, after the batch it is running, and fails every caller still waiting
   * with an {@link IllegalStateException}; later calls fail at once. The estimator stays open.
   */
  @Override
  public void close() {
    synchronized (submitLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    if (worker == null) {
      return;
    }
    worker.interrupt();
    try {
      worker.join(CLOSE_WAIT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Nothing is added after closed was set, and the worker has stopped taking.
    Request left;
    while ((left = queue.poll()) != null) {
      left.result.completeExceptionally(closedException());
    }
  }

  private IllegalStateException closedException() {
    return new IllegalStateException(
        "the dynamic batcher of model " + estimator.bundle().label() + " is closed");
  }

  /** Batches run so far (with max batch size 1, one per call). */
  public long batches() {
    return batches.sum();
  }

  /** Frames run so far, over all batches. */
  public long frames() {
    return frames.sum();
  }

  public int maxBatchSize() {
    return maxBatchSize;
  }

  public Duration maxWait() {
    return Duration.ofNanos(maxWaitNanos);
  }

  /** True when calls are batched on a thread of the batcher's own (max batch size above 1). */
  public boolean batching() {
    return worker != null;
  }

  /** The estimator the batches run on. */
  public DepthEstimator estimator() {
    return estimator;
  }

  @Override
  public ModelBundle bundle() {
    return estimator.bundle();
  }

  @Override
  public String provider() {
    return estimator.provider();
  }

  /** One caller's frame and where its prediction goes. */
  private static final class Request {
    final RgbImage frame;
    final CompletableFuture<DepthPrediction> result = new CompletableFuture<>();

    Request(RgbImage frame) {
      this.frame = frame;
    }
  }
}
