package io.depthstream.streams.models;

import java.nio.charset.StandardCharsets;

/**
 * Which frames the challengers see: a fraction of them, chosen by a hash of the camera key and the
 * frame's sequence rather than at random, so a frame is in or out on every replica, after every
 * restart and in every replay — the paired comparison then always covers the same frames, and a
 * crashed task that reprocesses a frame makes the same choice again (exactly-once output).
 */
public record ChallengerSampling(double fraction) {

  public ChallengerSampling {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(
          "depthstream.models.challenger-sample must be between 0 and 1 (1 = every frame), got "
              + fraction);
    }
  }

  /** True when the frame {@code sequence} of camera {@code cameraKey} goes to the challengers. */
  public boolean sampled(String cameraKey, long sequence) {
    if (fraction >= 1) {
      return true;
    }
    if (fraction <= 0) {
      return false;
    }
    return unit(cameraKey, sequence) < fraction;
  }

  /** A number in [0, 1) fixed by the camera and sequence (FNV-1a of the key, SplitMix64 mix). */
  static double unit(String cameraKey, long sequence) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : cameraKey.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    long z = hash ^ (sequence * 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    z ^= z >>> 31;
    return (z >>> 11) * 0x1.0p-53;
  }
}
