package io.depthstream.core.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * KITTI's {@code timestamps.txt}: one UTC time per frame, {@code 2011-09-26 13:02:25.964389445}
 * (nanosecond digits). depthstream's clocks tick in milliseconds, so reading drops the digits past
 * the milliseconds and writing pads them with zeros.
 */
public final class KittiTimestamps {

  /** KITTI's raw drives are recorded at 10 Hz. */
  public static final long FRAME_MILLIS = 100;

  private static final DateTimeFormatter MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);

  private KittiTimestamps() {}

  /**
   * Millisecond times of the first {@code count} frames, or frames {@link #FRAME_MILLIS} apart when
   * the file is missing.
   *
   * @throws IllegalArgumentException naming the file and line when it has too few lines or a line
   *     is not a KITTI time
   */
  public static long[] read(Path file, int count) {
    long[] times = new long[count];
    if (!Files.isRegularFile(file)) {
      for (int i = 0; i < count; i++) {
        times[i] = i * FRAME_MILLIS;
      }
      return times;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    lines = lines.stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    for (int i = 0; i < count; i++) {
      if (i >= lines.size()) {
        throw new IllegalArgumentException(
            file
                + " has "
                + lines.size()
                + " lines for "
                + count
                + " frames; is the drive complete?");
      }
      String line = lines.get(i);
      try {
        String millisPrecision = line.length() > 23 ? line.substring(0, 23) : line;
        times[i] =
            LocalDateTime.parse(millisPrecision, MILLIS).toInstant(ZoneOffset.UTC).toEpochMilli();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            file
                + " line "
                + (i + 1)
                + ": '"
                + line
                + "' is not a KITTI time (2011-09-26 13:02:25.964389445)",
            e);
      }
    }
    return times;
  }

  /** The file's text for these millisecond times. */
  public static String text(long[] millis) {
    StringBuilder text = new StringBuilder();
    for (long m : millis) {
      text.append(MILLIS.withZone(ZoneOffset.UTC).format(Instant.ofEpochMilli(m)))
          .append("000000\n");
    }
    return text.toString();
  }
}
