package io.depthstream.cli.publish;

import io.depthstream.fleet.Pacer;
import io.depthstream.schemas.ImageEncoding;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters of {@code publish}'s typed options; each refusal says what is accepted. */
final class PublishConverters {

  private PublishConverters() {}

  /** {@code --rate}: {@code realtime}, 0 (as fast as possible) or frames per second. */
  static final class Rate implements ITypeConverter<Pacer> {
    @Override
    public Pacer convert(String text) {
      try {
        return Pacer.parse(text);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** {@code --encoding}: jpeg, png or rgb8, in any case. */
  static final class Encoding implements ITypeConverter<ImageEncoding> {
    @Override
    public ImageEncoding convert(String text) {
      try {
        return ImageEncoding.valueOf(text.trim().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "--encoding must be jpeg, png or rgb8, got '" + text + "'");
      }
    }
  }
}
