package io.depthstream.core.inference;

import java.util.Objects;

/**
 * How a bundled model came to be, so a number in a report can be traced to a run.
 *
 * @param command the command line that trained it (or how it was imported)
 * @param dataset the training data, e.g. {@code "nyu-depth-v2"} or {@code "synthetic-indoor"}
 * @param epochs passes over the data; 0 when unknown (imported weights)
 * @param steps optimiser steps; 0 when unknown
 * @param seconds wall-clock training time; 0 when unknown
 */
public record TrainingRecord(
    String command, String dataset, int epochs, long steps, double seconds) {

  public TrainingRecord {
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(dataset, "dataset");
    if (epochs < 0 || steps < 0 || !(seconds >= 0)) {
      throw new IllegalArgumentException(
          "training epochs, steps and seconds must be zero or more, got "
              + epochs
              + ", "
              + steps
              + ", "
              + seconds);
    }
  }
}
