package io.depthstream.cli.publish;

import io.depthstream.fleet.CaptureClock;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code publish --clock}: which capture times the published records carry. */
public enum ClockMode {
  /** The first frame is stamped now and the rest keep their spacing. */
  LIVE,
  /** The source's own times. */
  RECORDED;

  /** The clock for a publish starting at {@code nowMillis}. */
  public CaptureClock start(long nowMillis) {
    return this == LIVE ? CaptureClock.live(nowMillis) : CaptureClock.recorded();
  }

  /** picocli's converter: {@code live} or {@code recorded}, in any case. */
  public static final class Converter implements ITypeConverter<ClockMode> {
    @Override
    public ClockMode convert(String text) {
      return switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "live" -> LIVE;
        case "recorded" -> RECORDED;
        default ->
            throw new TypeConversionException(
                "--clock must be live or recorded, got '" + text + "'");
      };
    }
  }
}
