package io.depthstream.core.synth;

import java.util.Random;

/**
 * The random generators behind a synthetic world. {@code new Random(seed)} must not be used with
 * the world seed directly: java.util.Random's first draws barely change between neighbouring seeds
 * (one LCG step moves the state by the multiplier, 1e-4 of its range), and worlds are numbered
 * consecutively ({@code synth --worlds}, the trainer's rooms). Before this class, the 20 held-out
 * rooms of seeds 900000–900019 were all 3.64 m wide and the 60 training rooms all 4.96–5.01 m, and
 * every street of a run had the same number of lanes. Seeds pass through SplitMix64's finaliser
 * first, so neighbouring seeds give unrelated worlds.
 */
final class WorldSeeds {

  private WorldSeeds() {}

  /** The generator of world {@code seed}'s layout. */
  static Random random(long seed) {
    return new Random(mix(seed));
  }

  /** The generator of part {@code part} (e.g. a street block) of world {@code seed}. */
  static Random random(long seed, long part) {
    return new Random(mix(mix(seed) + part));
  }

  /**
   * SplitMix64's finaliser (Steele, Lea and Flood 2014): a bijection that scatters nearby inputs.
   */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
