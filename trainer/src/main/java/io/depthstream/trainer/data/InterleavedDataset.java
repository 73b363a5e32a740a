package io.depthstream.trainer.data;

import java.util.List;
import java.util.Objects;

/**
 * Several data sets taken in turn — sample 0 from the first, sample 1 from the second, … — until
 * the smallest is used up, so a shuffled batch of a model trained for two kinds of scene holds both
 * kinds in equal share.
 */
public final class InterleavedDataset implements DepthDataset {

  private final String name;
  private final List<DepthDataset> parts;
  private final int size;

  public InterleavedDataset(String name, List<DepthDataset> parts) {
    this.name = Objects.requireNonNull(name, "name");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("an interleaved data set needs at least one part");
    }
    this.parts = List.copyOf(parts);
    this.size =
        this.parts.size() * this.parts.stream().mapToInt(DepthDataset::size).min().orElse(0);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public DepthSample sample(int index) {
    Objects.checkIndex(index, size);
    return parts.get(index % parts.size()).sample(index / parts.size());
  }
}
