package io.depthstream.cli;

import io.depthstream.core.color.Colormap;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli's {@code --colormap}: a {@link Colormap} by name, in any case. */
public final class ColormapConverter implements ITypeConverter<Colormap> {
  @Override
  public Colormap convert(String value) {
    try {
      return Colormap.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(
          "'" + value + "' is not a colormap; use turbo, magma or gray");
    }
  }
}
