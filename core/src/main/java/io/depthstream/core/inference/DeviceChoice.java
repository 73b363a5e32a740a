package io.depthstream.core.inference;

/**
 * Where a model should run. {@link #AUTO} tries CUDA and falls back to the CPU with one log line;
 * {@link #CUDA} fails loudly when no GPU can be used; {@link #CPU} never touches CUDA.
 */
public enum DeviceChoice {
  AUTO,
  CUDA,
  CPU
}
