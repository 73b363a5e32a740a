package io.depthstream.trainer.compare;

import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.DepthSample;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * {@code count} samples of a larger data set, drawn without replacement by a seed and kept in the
 * parent's order, so that a comparison on part of a big data set (NYU's training split lists scenes
 * one after the other) still sees many scenes, and the same seed picks the same samples.
 */
final class SampleSubset implements DepthDataset {

  private final DepthDataset parent;
  private final int[] indices;

  private SampleSubset(DepthDataset parent, int[] indices) {
    this.parent = parent;
    this.indices = indices;
  }

  /** The whole parent when {@code count} covers it, else a seeded draw of {@code count}. */
  static DepthDataset of(DepthDataset parent, int count, long seed) {
    Objects.requireNonNull(parent, "parent");
    if (count <= 0) {
      throw new IllegalArgumentException("sample count must be positive, got " + count);
    }
    if (count >= parent.size()) {
      return parent;
    }
    return new SampleSubset(parent, pick(parent.size(), count, seed));
  }

  /** {@code count} distinct indices of {@code [0, size)}, sorted (a partial Fisher–Yates draw). */
  static int[] pick(int size, int count, long seed) {
    int[] all = new int[size];
    for (int i = 0; i < size; i++) {
      all[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(size - i);
      int t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    int[] picked = Arrays.copyOf(all, count);
    Arrays.sort(picked);
    return picked;
  }

  @Override
  public String name() {
    return parent.name() + "[" + indices.length + " of " + parent.size() + "]";
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public DepthSample sample(int index) {
    return parent.sample(indices[Objects.checkIndex(index, indices.length)]);
  }
}
