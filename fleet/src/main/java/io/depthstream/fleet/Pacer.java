package io.depthstream.fleet;

/**
 * When each frame is due, relative to the start of publishing: as fast as possible, at a fixed
 * number of frames per second, or in real time (a frame is sent once as much wall time has passed
 * as capture time since the first frame). Pure arithmetic; the caller sleeps.
 */
public final class Pacer {

  private enum Mode {
    UNPACED,
    FIXED_RATE,
    REAL_TIME
  }

  private final Mode mode;
  private final double framesPerSecond;
  private long firstCaptureMillis = Long.MIN_VALUE;

  private Pacer(Mode mode, double framesPerSecond) {
    this.mode = mode;
    this.framesPerSecond = framesPerSecond;
  }

  /**
   * Parses {@code --rate}: {@code realtime}, {@code 0} (as fast as possible) or frames per second.
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static Pacer parse(String rate) {
    String value = rate == null ? "" : rate.trim();
    if (value.equalsIgnoreCase("realtime")) {
      return new Pacer(Mode.REAL_TIME, 0);
    }
    try {
      double fps = Double.parseDouble(value);
      if (fps == 0) {
        return new Pacer(Mode.UNPACED, 0);
      }
      if (fps > 0 && Double.isFinite(fps)) {
        return new Pacer(Mode.FIXED_RATE, fps);
      }
    } catch (NumberFormatException e) {
      // reported below with the choices
    }
    throw new IllegalArgumentException(
        "--rate must be 'realtime', 0 (as fast as possible) or frames per second > 0, got '"
            + rate
            + "'");
  }

  /**
   * Nanoseconds after the start at which frame number {@code frameNumber} (0-based, across the
   * fleet) captured at {@code captureMillis} is due; 0 means now.
   */
  public synchronized long dueNanos(long frameNumber, long captureMillis) {
    switch (mode) {
      case FIXED_RATE:
        return Math.round(frameNumber * 1e9 / framesPerSecond);
      case REAL_TIME:
        if (firstCaptureMillis == Long.MIN_VALUE) {
          firstCaptureMillis = captureMillis;
        }
        return Math.max(0, captureMillis - firstCaptureMillis) * 1_000_000L;
      default:
        return 0;
    }
  }

  /** How the rate reads in the summary. */
  public String describe() {
    return switch (mode) {
      case UNPACED -> "as fast as possible";
      case FIXED_RATE -> framesPerSecond + " frames/s";
      case REAL_TIME -> "real time";
    };
  }
}
