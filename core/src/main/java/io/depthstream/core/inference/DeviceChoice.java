package io.depthstream.core.inference;

import java.util.Locale;

/**
 * Where a model should run. {@link #AUTO} tries CUDA and falls back to the CPU with one log line;
 * {@link #CUDA} fails loudly when no GPU can be used; {@link #CPU} never touches CUDA.
 */
public enum DeviceChoice {
  AUTO,
  CUDA,
  CPU;

  /**
   * Parses a configuration value, case-insensitively ({@code auto}, {@code cuda}, {@code cpu}).
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static DeviceChoice parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("device '" + value + "' is not one of auto, cuda, cpu", e);
    }
  }
}
