package io.depthstream.streams.bench;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * What the pipeline benchmark is doing, on stderr while it runs: each phase by name, then its count
 * of frames done every few seconds, so a long run shows it is alive without flooding.
 */
final class Progress {

  private static final long EVERY_NANOS = 2_000_000_000L;

  private final PrintWriter err;
  private long lastCount;
  private String lastLine = "";

  Progress(PrintWriter err) {
    this.err = err;
  }

  /** A new phase, always printed. */
  void phase(String text) {
    err.println("bench: " + text);
    err.flush();
    lastCount = System.nanoTime();
    lastLine = "";
  }

  /** {@code done} of {@code total} {@code what}; printed when due, and always once complete. */
  void count(String what, long done, long total) {
    String line = String.format(Locale.ROOT, "bench:   %d/%d %s", done, total, what);
    long now = System.nanoTime();
    boolean finished = done >= total;
    if ((finished || now - lastCount >= EVERY_NANOS) && !line.equals(lastLine)) {
      err.println(line);
      err.flush();
      lastCount = now;
      lastLine = line;
    }
  }
}
