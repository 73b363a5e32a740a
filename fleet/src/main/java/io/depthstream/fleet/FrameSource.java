package io.depthstream.fleet;

import java.util.Iterator;

/**
 * Where the records of {@code ./depthstream publish} come from: the synthetic world, a folder of
 * pictures, a KITTI raw drive or DenseDepth's NYU data. Yields each camera's calibration before its
 * first frame, then frames (and their ground truth) in capture-time order. Reading may fail with an
 * {@link java.io.UncheckedIOException} naming the file.
 */
public interface FrameSource extends Iterator<FleetRecord>, AutoCloseable {

  /** Camera frames this source will yield in all, or 0 when it cannot tell in advance. */
  long frameCount();

  /** One line saying what is published, for the summary. */
  String description();

  @Override
  default void close() {}
}
