package io.depthstream.cli;

import io.depthstream.core.synth.SyntheticWorld;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A picture size given on the command line as {@code WxH}, e.g. {@code 640x480}; options of this
 * type name {@link Converter} so picocli refuses a bad size before the command runs.
 */
public record FrameSize(int width, int height) {

  /**
   * Parses {@code WxH} with sides from 2 to {@link SyntheticWorld#MAX_SIDE}.
   *
   * @throws IllegalArgumentException naming the option, the accepted form and what was given
   */
  public static FrameSize parse(String text) {
    String[] parts = text.toLowerCase(Locale.ROOT).split("x");
    try {
      if (parts.length == 2) {
        int w = Integer.parseInt(parts[0].trim());
        int h = Integer.parseInt(parts[1].trim());
        if (w >= 2 && h >= 2 && w <= SyntheticWorld.MAX_SIDE && h <= SyntheticWorld.MAX_SIDE) {
          return new FrameSize(w, h);
        }
      }
    } catch (NumberFormatException e) {
      // reported below, with the accepted form
    }
    throw new IllegalArgumentException(
        "--size must be WxH with sides 2.."
            + SyntheticWorld.MAX_SIDE
            + ", e.g. 640x480 or 1242x375; got '"
            + text
            + "'");
  }

  /** picocli's side of {@link #parse}: the same message, as a usage error. */
  public static final class Converter implements ITypeConverter<FrameSize> {
    @Override
    public FrameSize convert(String text) {
      try {
        return parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
