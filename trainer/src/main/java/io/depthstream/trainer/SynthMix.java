package io.depthstream.trainer;

import java.util.Locale;

/**
 * The share of rooms and streets in {@code --dataset synth-mixed}, written ROOMS:STREETS ({@code
 * --synth-mix}). Both kinds train one network; the street needs more of its attention than the room
 * (its far half is where the default loses most), and this is how a run gives it.
 */
record SynthMix(int rooms, int streets) {

  /**
   * Larger weights say nothing a smaller ratio cannot, and a turn of the interleave stays short.
   */
  static final int MAX_WEIGHT = 16;

  /** Rooms and streets in equal share, synth-mixed's default. */
  static final SynthMix EVEN = new SynthMix(1, 1);

  SynthMix {
    if (rooms < 1 || streets < 1 || rooms > MAX_WEIGHT || streets > MAX_WEIGHT) {
      throw new IllegalArgumentException(
          "--synth-mix takes two whole numbers from 1 to "
              + MAX_WEIGHT
              + ", ROOMS:STREETS (1:3 spends three quarters of the frames on streets), got "
              + rooms
              + ":"
              + streets
              + "; for one kind alone use --dataset synth-indoor or synth-street");
    }
  }

  static SynthMix parse(String value) {
    String[] parts = value == null ? new String[0] : value.trim().split(":", -1);
    if (parts.length == 2) {
      try {
        return new SynthMix(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      } catch (NumberFormatException e) {
        // refused below, with the form the option takes
      }
    }
    throw new IllegalArgumentException(
        "--synth-mix takes ROOMS:STREETS, two whole numbers from 1 to "
            + MAX_WEIGHT
            + " such as 1:1 or 1:3, got '"
            + value
            + "'");
  }

  boolean isEven() {
    return rooms == streets;
  }

  /** Room frames to render of {@code frames} in all (rounded down, as 1:1 always did). */
  int rooms(int frames) {
    return (int) ((long) frames * rooms / (rooms + streets));
  }

  /** Street frames to render of {@code frames} in all. */
  int streets(int frames) {
    return (int) ((long) frames * streets / (rooms + streets));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%d:%d rooms to streets", rooms, streets);
  }
}
