package io.depthstream.trainer;

import io.depthstream.core.metrics.Crop;
import io.depthstream.trainer.data.TrainingTarget;
import io.depthstream.trainer.train.OptimizerKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for {@code train}'s options whose values name one of a fixed set, so a typo is
 * refused while the command line is read, with the values it accepts, before any data loads.
 */
final class OptionValues {

  private OptionValues() {}

  static final class Optimizer implements ITypeConverter<OptimizerKind> {
    @Override
    public OptimizerKind convert(String value) {
      return parsed(value, OptimizerKind::fromId);
    }
  }

  static final class Target implements ITypeConverter<TrainingTarget> {
    @Override
    public TrainingTarget convert(String value) {
      return parsed(value, TrainingTarget::fromId);
    }
  }

  static final class Dataset implements ITypeConverter<TrainingDataOptions.DatasetKind> {
    @Override
    public TrainingDataOptions.DatasetKind convert(String value) {
      return parsed(value, v -> byName(TrainingDataOptions.DatasetKind.class, "data set", v));
    }
  }

  static final class Mix implements ITypeConverter<SynthMix> {
    @Override
    public SynthMix convert(String value) {
      return parsed(value, SynthMix::parse);
    }
  }

  static final class CropValue implements ITypeConverter<Crop> {
    @Override
    public Crop convert(String value) {
      return parsed(value, v -> byName(Crop.class, "crop", v));
    }
  }

  /** The constant named like {@code value} with '-' for '_', in any case (synth-indoor). */
  static <E extends Enum<E>> E byName(Class<E> type, String what, String value) {
    String wanted = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "unknown "
            + what
            + " '"
            + value
            + "'; choose one of "
            + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .collect(Collectors.joining(", ")));
  }

  private static <T> T parsed(String value, Function<String, T> parse) {
    try {
      return parse.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
