package io.depthstream.trainer.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Holds out part of a data set for validation: the samples are shuffled by {@code seed} and the
 * first {@code fraction} go to validation, the rest to training. Same seed, same split; every
 * sample lands on exactly one side.
 */
public record ValidationSplit(DepthDataset train, DepthDataset validation) {

  public static ValidationSplit of(DepthDataset dataset, double fraction, long seed) {
    if (!(fraction > 0 && fraction < 1)) {
      throw new IllegalArgumentException(
          "validation fraction must lie strictly between 0 and 1, got " + fraction);
    }
    int n = dataset.size();
    if (n < 2) {
      throw new IllegalArgumentException(
          dataset.name() + " has " + n + " sample(s); a validation split needs at least 2");
    }
    int held = (int) Math.max(1, Math.min(n - 1, Math.round(n * fraction)));
    int[] order = shuffled(n, seed);
    int[] validation = Arrays.copyOfRange(order, 0, held);
    int[] train = Arrays.copyOfRange(order, held, n);
    Arrays.sort(validation);
    Arrays.sort(train);
    return new ValidationSplit(
        new Subset(dataset, train, "train"), new Subset(dataset, validation, "validation"));
  }

  /** 0..n-1 in a Fisher–Yates order drawn from {@code seed}. */
  static int[] shuffled(int n, long seed) {
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }

  /** The samples of a parent data set at the given indices. */
  static final class Subset implements DepthDataset {
    private final DepthDataset parent;
    private final int[] indices;
    private final String role;

    Subset(DepthDataset parent, int[] indices, String role) {
      this.parent = Objects.requireNonNull(parent);
      this.indices = indices;
      this.role = role;
    }

    @Override
    public String name() {
      return parent.name() + "[" + role + " " + indices.length + "/" + parent.size() + "]";
    }

    @Override
    public int size() {
      return indices.length;
    }

    @Override
    public DepthSample sample(int index) {
      return parent.sample(indices[Objects.checkIndex(index, indices.length)]);
    }

    /** The parent's index of each sample, for tests and logs. */
    int[] parentIndices() {
      return indices.clone();
    }
  }
}
