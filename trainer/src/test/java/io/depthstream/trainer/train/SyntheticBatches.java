package io.depthstream.trainer.train;

import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/** Frames of the core synthetic world, rendered once, served as full-resolution batches. */
final class SyntheticBatches implements BatchSource {

  private final List<SyntheticFrame> frames = new ArrayList<>();
  private final int batchSize;
  private final int width;
  private final int height;
  private int cursor;

  SyntheticBatches(SceneKind kind, long seed, int frameCount, int stride, int width, int height, int batchSize) {
    SyntheticWorld world = new SyntheticWorld(kind, seed);
    for (int i = 0; i < frameCount; i++) {
      frames.add(world.render(width, height, i * stride));
    }
    this.batchSize = batchSize;
    this.width = width;
    this.height = height;
  }

  @Override
  public int batchesPerEpoch() {
    return (frames.size() + batchSize - 1) / batchSize;
  }

  @Override
  public boolean hasNext() {
    return cursor < frames.size();
  }

  @Override
  public Batch next() {
    if (!hasNext()) {
      throw new NoSuchElementException("epoch exhausted");
    }
    int n = Math.min(batchSize, frames.size() - cursor);
    int plane = width * height;
    float[] images = new float[n * 3 * plane];
    float[] depth = new float[n * plane];
    for (int b = 0; b < n; b++) {
      SyntheticFrame f = frames.get(cursor + b);
      byte[] rgb = f.rgb().rgb();
      for (int i = 0; i < plane; i++) {
        for (int c = 0; c < 3; c++) {
          images[(b * 3 + c) * plane + i] = (rgb[i * 3 + c] & 0xFF) / 255f;
        }
      }
      System.arraycopy(f.depth().metres(), 0, depth, b * plane, plane);
    }
    cursor += n;
    return new Batch(n, height, width, images, height, width, depth);
  }

  @Override
  public void reset() {
    cursor = 0;
  }
}
