package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import io.depthstream.trainer.train.Batch;
import io.depthstream.trainer.train.BatchSource;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * Feeds a {@link DepthDataset} to the trainer as {@link Batch}es: each sample is fitted to the
 * model's {@link InputSize} (depth at half resolution), augmented, and packed as NCHW floats in [0,
 * 1] with depth in metres. With shuffling on, each epoch visits the samples in a fresh order drawn
 * from (seed, epoch); augmentation draws from (its seed, epoch, sample index). Everything is
 * reproducible from the seeds.
 */
public final class DatasetBatchSource implements BatchSource {

  private final DepthDataset dataset;
  private final InputSize input;
  private final int batchSize;
  private final DepthAugmentation augmentation;
  private final boolean shuffle;
  private final long seed;
  private long epoch;
  private int[] order;
  private int cursor;

  /**
   * @param augmentation what to do to training samples; {@link DepthAugmentation#none()} for
   *     validation
   * @param shuffle visit samples in a seeded random order per epoch (training) or in order
   */
  public DatasetBatchSource(
      DepthDataset dataset,
      InputSize input,
      int batchSize,
      DepthAugmentation augmentation,
      boolean shuffle,
      long seed) {
    this.dataset = Objects.requireNonNull(dataset, "dataset");
    this.input = Objects.requireNonNull(input, "input");
    this.augmentation = Objects.requireNonNull(augmentation, "augmentation");
    if (batchSize <= 0) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    if (dataset.size() == 0) {
      throw new IllegalArgumentException(dataset.name() + " has no samples to batch");
    }
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.seed = seed;
    startEpoch(0);
  }

  private void startEpoch(long e) {
    epoch = e;
    cursor = 0;
    order =
        shuffle
            ? ValidationSplit.shuffled(dataset.size(), seed ^ (e * 0x9E3779B97F4A7C15L))
            : identity(dataset.size());
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
    int size = Math.min(batchSize, order.length - cursor);
    int w = input.width();
    int h = input.height();
    int dw = input.depthWidth();
    int dh = input.depthHeight();
    float[] images = new float[size * Batch.CHANNELS * h * w];
    float[] depth = new float[size * dh * dw];
    for (int b = 0; b < size; b++) {
      int index = order[cursor + b];
      DepthSample sample = augmentation.apply(input.fit(dataset.sample(index)), epoch, index);
      packImage(sample.rgb(), images, b * Batch.CHANNELS * h * w);
      packDepth(sample.depth(), depth, b * dh * dw);
    }
    cursor += size;
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

  @Override
  public void close() {
    if (dataset instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing " + dataset.name(), e);
      }
    }
  }
}
