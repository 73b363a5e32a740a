package io.depthstream.trainer.data;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Several data sets taken in turn, each as many times per turn as its weight: with weights 1:3,
 * sample 0 from the first, samples 1–3 from the second, sample 4 from the first again, … until one
 * part is used up. A shuffled batch of a model trained for two kinds of scene so holds them in the
 * weights' share (equal share by default), and so does a random validation split, near enough.
 */
public final class InterleavedDataset implements DepthDataset {

  private final String name;
  private final List<DepthDataset> parts;
  private final int[] weights;

  /** Position in a turn → the part it reads. */
  private final int[] partAt;

  /** Position in a turn → how many earlier positions of the same turn read that part. */
  private final int[] rankAt;

  private final int size;

  /** The parts in equal share: one sample of each per turn. */
  public InterleavedDataset(String name, List<DepthDataset> parts) {
    this(name, parts, Collections.nCopies(parts.size(), 1));
  }

  /**
   * @param weights samples each part gives per turn, one per part, each at least 1
   */
  public InterleavedDataset(String name, List<DepthDataset> parts, List<Integer> weights) {
    this.name = Objects.requireNonNull(name, "name");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("an interleaved data set needs at least one part");
    }
    if (weights.size() != parts.size() || weights.stream().anyMatch(w -> w == null || w < 1)) {
      throw new IllegalArgumentException(
          "an interleaved data set needs one weight of at least 1 per part, got "
              + weights
              + " for "
              + parts.size()
              + " parts");
    }
    this.parts = List.copyOf(parts);
    this.weights = weights.stream().mapToInt(Integer::intValue).toArray();
    int turn = 0;
    for (int w : this.weights) {
      turn += w;
    }
    this.partAt = new int[turn];
    this.rankAt = new int[turn];
    int position = 0;
    for (int part = 0; part < this.weights.length; part++) {
      for (int rank = 0; rank < this.weights[part]; rank++) {
        partAt[position] = part;
        rankAt[position] = rank;
        position++;
      }
    }
    int turns = Integer.MAX_VALUE;
    for (int part = 0; part < this.parts.size(); part++) {
      turns = Math.min(turns, this.parts.get(part).size() / this.weights[part]);
    }
    this.size = turn * turns;
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
    int turn = index / partAt.length;
    int position = index % partAt.length;
    int part = partAt[position];
    return parts.get(part).sample(turn * weights[part] + rankAt[position]);
  }
}
