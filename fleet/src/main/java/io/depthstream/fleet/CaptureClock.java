package io.depthstream.fleet;

/**
 * Turns a source's own capture times into the capture times that are published. {@link #recorded}
 * keeps them (replaying a drive as it was recorded); {@link #live} moves the whole recording so
 * that its first instant is the moment publishing started, keeping the spacing between instants.
 * Live is what a running service expects: it drops frames whose capture time is far in the past as
 * stale.
 */
public final class CaptureClock {

  private final boolean live;
  private final long startMillis;
  private boolean anchored;
  private long offsetMillis;

  private CaptureClock(boolean live, long startMillis) {
    this.live = live;
    this.startMillis = startMillis;
  }

  /** Shifts the recording so its first instant becomes {@code startMillis}. */
  public static CaptureClock live(long startMillis) {
    return new CaptureClock(true, startMillis);
  }

  /** Keeps the recorded times. */
  public static CaptureClock recorded() {
    return new CaptureClock(false, 0);
  }

  /**
   * The published time of source instant {@code sourceMillis}. The first call anchors a live clock,
   * so sources call it first for their earliest instant.
   */
  public synchronized long toCapture(long sourceMillis) {
    if (!live) {
      return sourceMillis;
    }
    if (!anchored) {
      anchored = true;
      offsetMillis = startMillis - sourceMillis;
    }
    return sourceMillis + offsetMillis;
  }
}
