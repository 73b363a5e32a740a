package io.depthstream.core.progress;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A terminal progress bar for long work (rendering datasets, training, publishing): count,
 * percentage, rate, ETA and a free-form detail such as the current loss. On a terminal it redraws
 * one line at most ten times a second; when output is not a terminal (CI logs) it prints a plain
 * line every tenth of the way, so logs stay readable.
 */
public final class ProgressBar implements AutoCloseable {

  private static final int BAR_WIDTH = 30;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final String label;
  private final long total;
  private final PrintStream out;
  private final boolean interactive;
  private final String unit;
  private final long startNanos = System.nanoTime();
  private long done;

  /** Steps done before this run began (a resumed job); they do not count in the rate. */
  private long resumedAt;

  private long lastDrawNanos;
  private int lastDecile = -1;
  private String detail = "";
  private boolean closed;

  /**
   * @param label what is being done, e.g. "render street"
   * @param total number of steps, or 0 when unknown
   * @param unit what one step is, e.g. "frames", used in the rate
   * @param out where to draw; usually {@code System.err} so stdout stays clean for data
   */
  public ProgressBar(String label, long total, String unit, PrintStream out) {
    this(label, total, unit, out, System.console() != null);
  }

  ProgressBar(String label, long total, String unit, PrintStream out, boolean interactive) {
    this.label = label;
    this.total = Math.max(0, total);
    this.unit = unit;
    this.out = out;
    this.interactive = interactive;
  }

  /** Advances by one step. */
  public synchronized void step() {
    stepTo(done + 1);
  }

  /**
   * Starts the bar at {@code completed} steps done by an earlier run: they fill the bar but not the
   * rate, so the ETA of a resumed job is right from its first step.
   */
  public synchronized void resumeAt(long completed) {
    done = completed;
    resumedAt = completed;
  }

  /** Sets the number of completed steps. */
  public synchronized void stepTo(long completed) {
    done = completed;
    maybeDraw(false);
  }

  /** Text shown after the numbers, e.g. {@code "loss 0.0412"}. */
  public synchronized void detail(String text) {
    detail = text == null ? "" : text;
  }

  public synchronized long done() {
    return done;
  }

  private void maybeDraw(boolean force) {
    long now = System.nanoTime();
    if (interactive) {
      if (force || now - lastDrawNanos >= REDRAW_NANOS) {
        lastDrawNanos = now;
        out.print("\r" + render(now) + "\u001b[K");
        out.flush();
      }
    } else {
      int decile = total > 0 ? (int) Math.min(10, done * 10 / total) : -1;
      // The final line is printed once: by the last step or by close(), not by both.
      boolean finalAlreadyShown = force && decile == 10 && lastDecile == 10;
      if ((force && !finalAlreadyShown) || decile > lastDecile) {
        lastDecile = decile;
        out.println(render(now));
      }
    }
  }

  /** The bar as one line of text at time {@code nowNanos}. */
  String render(long nowNanos) {
    double seconds = Math.max(1e-9, (nowNanos - startNanos) / 1e9);
    double rate = (done - resumedAt) / seconds;
    StringBuilder line = new StringBuilder(label).append(' ');
    if (total > 0) {
      double fraction = Math.min(1.0, (double) done / total);
      int filled = (int) Math.round(fraction * BAR_WIDTH);
      line.append('[')
          .append("#".repeat(filled))
          .append(".".repeat(BAR_WIDTH - filled))
          .append("] ")
          .append(done)
          .append('/')
          .append(total)
          .append(String.format(Locale.ROOT, " %3.0f%%", fraction * 100));
    } else {
      line.append(done);
    }
    line.append(String.format(Locale.ROOT, " %.2f %s/s", rate, unit));
    if (total > 0 && done > resumedAt && done < total) {
      line.append(" ETA ").append(formatDuration((total - done) / rate));
    } else {
      line.append(" elapsed ").append(formatDuration(seconds));
    }
    if (!detail.isEmpty()) {
      line.append("  ").append(detail);
    }
    return line.toString();
  }

  /** Seconds as {@code h:mm:ss} or {@code m:ss}. */
  static String formatDuration(double seconds) {
    long s = Math.round(seconds);
    long h = s / 3600;
    long m = (s % 3600) / 60;
    long sec = s % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }

  /** Draws the final state and ends the line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    maybeDraw(true);
    if (interactive) {
      out.println();
    }
  }
}
