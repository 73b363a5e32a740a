package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import io.depthstream.trainer.train.Batch;
import io.depthstream.trainer.train.BatchSource;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Feeds a {@link DepthDataset} to the trainer as {@link Batch}es: each sample is fitted to the
 * model's {@link InputSize} (depth at half resolution), augmented, and packed as NCHW floats in [0,
 * 1] with depth in metres. With shuffling on, each epoch visits the samples in a fresh order drawn
 * from (seed, epoch); augmentation draws from (its seed, epoch, sample index). Everything is
 * reproducible from the seeds, whatever the number of workers.
 *
 * <p>With workers, the next batch is decoded in the background while the trainer works on the
 * current one, its samples spread over the workers; decoding JPEGs and resizing then costs the
 * training loop nothing once a step takes longer than a batch takes to decode.
 */
public final class DatasetBatchSource implements BatchSource {

  private final DepthDataset dataset;
  private final InputSize input;
  private final int batchSize;
  private final DepthAugmentation augmentation;
  private final TrainingTarget target;
  private final boolean shuffle;
  private final long seed;
  private final ExecutorService prefetcher;
  private final ExecutorService decoders;
  private long epoch;
  private int[] order;
  private int cursor;
  private Future<Batch> pending;

  /**
   * As the full constructor, training towards the measured depth, with up to four workers (fewer on
   * smaller machines).
   */
  public DatasetBatchSource(
      DepthDataset dataset,
      InputSize input,
      int batchSize,
      DepthAugmentation augmentation,
      boolean shuffle,
      long seed) {
    this(dataset, input, batchSize, augmentation, TrainingTarget.MASKED, shuffle, seed);
  }

  /**
   * As the full constructor, training towards the measured depth ({@link TrainingTarget#MASKED}).
   */
  public DatasetBatchSource(
      DepthDataset dataset,
      InputSize input,
      int batchSize,
      DepthAugmentation augmentation,
      boolean shuffle,
      long seed,
      int workers) {
    this(dataset, input, batchSize, augmentation, TrainingTarget.MASKED, shuffle, seed, workers);
  }

  /** As the full constructor, with up to four workers (fewer on smaller machines). */
  public DatasetBatchSource(
      DepthDataset dataset,
      InputSize input,
      int batchSize,
      DepthAugmentation augmentation,
      TrainingTarget target,
      boolean shuffle,
      long seed) {
    this(
        dataset,
        input,
        batchSize,
        augmentation,
        target,
        shuffle,
        seed,
        Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * @param augmentation what to do to training samples; {@link DepthAugmentation#none()} for
   *     validation
   * @param target what depth each sample trains towards, made at the model's output size before
   *     augmentation (so a flip moves the filled depth with the image); {@link
   *     TrainingTarget#MASKED} for validation, which scores against measured depth only
   * @param shuffle visit samples in a seeded random order per epoch (training) or in order
   * @param workers threads decoding the samples of the next batch in the background; 0 decodes each
   *     batch on the caller's thread when it is asked for
   */
  public DatasetBatchSource(
      DepthDataset dataset,
      InputSize input,
      int batchSize,
      DepthAugmentation augmentation,
      TrainingTarget target,
      boolean shuffle,
      long seed,
      int workers) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.input = Objects.requireNonNull(input, "input");
    this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
    this.target = Objects.requireNonNull(target, "target");
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (workers < 0) {
      throw new IllegalArgumentException("workers must be 0 or more, got " + workers);
    }
    if (dataset.size() == 0) {
      throw new IllegalArgumentException(dataset.name() + " has no samples to batch");
    }
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    // One thread assembles the next batch; the decoders share out its samples. Two pools, so the
    // assembler never waits on a pool it occupies.
    this.prefetcher =
        workers == 0 ? null : Executors.newSingleThreadExecutor(daemon("batch-prefetch"));
    this.decoders =
        workers == 0 ? null : Executors.newFixedThreadPool(workers, daemon("batch-decoder"));
    startEpoch(0);
  }

  private void startEpoch(long e) {
    if (pending != null) {
      pending.cancel(true);
      pending = null;
    }
    epoch = e;
    cursor = 0;
    order =
        shuffle
            ? ValidationSplit.shuffled(dataset.size(), seed ^ (e * 0x9E3779B97F4A7C15L))
            : identity(dataset.size());
    prefetch();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private static int[] identity(int n) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  /** The epoch being served, counting from 0; {@link #reset()} moves to the next. */
  public long epoch() {
    return epoch;
  }

  public DepthDataset dataset() {
    return dataset;
  }

  @Override
  public int batchesPerEpoch() {
    return (dataset.size() + batchSize - 1) / batchSize;
  }

  @Override
  public boolean hasNext() {
    return cursor < order.length;
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "epoch " + epoch + " of " + dataset.name() + " is exhausted; call reset()");
    }
    Batch batch = pending != null ? await(pending) : build(order, cursor, epoch);
    pending = null;
    cursor += batch.size();
    prefetch();
    return batch;
  }

  /** Starts decoding the batch at the cursor in the background, if there are workers. */
  private void prefetch() {
    if (prefetcher != null && hasNext()) {
      int[] o = order;
      int start = cursor;
      long e = epoch;
      pending = prefetcher.submit(() -> build(o, start, e));
    }
  }

  private static void call(Callable<Void> job) {
    try {
      job.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("decoding a sample failed", e);
    }
  }

  private static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("decoding a batch failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    } catch (CancellationException e) {
      throw new IllegalStateException("batch decoding was cancelled", e);
    }
  }

  /** Decodes, fits, augments and packs the samples {@code order[start ..]} of {@code epoch}. */
  private Batch build(int[] order, int start, long epoch) {
    int size = Math.min(batchSize, order.length - start);
    int w = input.width();
    int h = input.height();
    int dw = input.depthWidth();
    int dh = input.depthHeight();
    float[] images = new float[size * Batch.CHANNELS * h * w];
    float[] depth = new float[size * dh * dw];
    List<Callable<Void>> jobs = new ArrayList<>(size);
    for (int b = 0; b < size; b++) {
      int slot = b;
      int index = order[start + b];
      jobs.add(
          () -> {
            DepthSample sample =
                augmentation.apply(target.apply(input.fit(dataset.sample(index))), epoch, index);
            packImage(sample.rgb(), images, slot * Batch.CHANNELS * h * w);
            packDepth(sample.depth(), depth, slot * dh * dw);
            return null;
          });
    }
    // Each sample writes its own slice, so the slots can fill in any order on any thread.
    if (decoders == null) {
      for (Callable<Void> job : jobs) {
        call(job);
      }
    } else {
      try {
        for (Future<Void> done : decoders.invokeAll(jobs)) {
          await(done);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while decoding a batch", e);
      }
    }
    return new Batch(size, h, w, images, dh, dw, depth);
  }

  /** Interleaved RGB bytes → planar R, G, B floats of byte/255. */
  private static void packImage(RgbImage rgb, float[] out, int offset) {
    byte[] in = rgb.rgb();
    int plane = rgb.width() * rgb.height();
    for (int p = 0; p < plane; p++) {
      out[offset + p] = (in[p * 3] & 0xFF) / 255f;
      out[offset + plane + p] = (in[p * 3 + 1] & 0xFF) / 255f;
      out[offset + 2 * plane + p] = (in[p * 3 + 2] & 0xFF) / 255f;
    }
  }

  private static void packDepth(DepthImage d, float[] out, int offset) {
    System.arraycopy(d.metres(), 0, out, offset, d.metres().length);
  }

  @Override
  public void reset() {
    startEpoch(epoch + 1);
  }

  /** Stops the background workers; the data set itself stays open (its owner closes it). */
  @Override
  public void close() {
    if (pending != null) {
      pending.cancel(true);
      pending = null;
    }
    if (prefetcher != null) {
      prefetcher.shutdownNow();
      decoders.shutdownNow();
    }
  }
}
