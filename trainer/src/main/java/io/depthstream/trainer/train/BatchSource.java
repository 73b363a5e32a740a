package io.depthstream.trainer.train;

/**
 * A stream of training or validation {@link Batch}es, one epoch at a time. The trainer calls {@link
 * #hasNext()}/{@link #next()} until the epoch is exhausted, then {@link #reset()} to start the next
 * epoch (a loader may reshuffle and re-draw augmentation there). Every batch of one source has the
 * same image size; the last batch of an epoch may be smaller than the others.
 */
public interface BatchSource extends AutoCloseable {

  /** Batches in one epoch, used for progress and ETA; 0 when unknown. */
  int batchesPerEpoch();

  /** True while the current epoch has batches left. */
  boolean hasNext();

  /**
   * The next batch of the current epoch.
   *
   * @throws java.util.NoSuchElementException when the epoch is exhausted
   */
  Batch next();

  /** Starts a new epoch from the first batch. */
  void reset();

  /** Releases files or threads the loader holds; the default holds none. */
  @Override
  default void close() {}
}
