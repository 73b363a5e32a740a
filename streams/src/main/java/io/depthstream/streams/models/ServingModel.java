package io.depthstream.streams.models;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPredictor;
import io.depthstream.core.inference.DynamicBatcher;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.streams.inference.EstimatorSource;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One loaded model and its ONNX Runtime session, reference counted: the catalog holds one reference
 * while the model serves, and every frame in flight holds one through a {@link Lease}. {@link
 * #retire()} drops the catalog's reference, so the session is closed by whoever lets go last — a
 * swap never closes a session under a frame that is still running on it.
 *
 * <p>Frames reach the session through the model's {@link DynamicBatcher} ({@link ModelBatching}),
 * which runs the frames of concurrent stream threads as one batch. A frame in the batcher holds its
 * lease until its prediction is back, so the batcher and the session close together, after the last
 * frame: the batcher first, the session after it.
 */
public final class ServingModel {

  private static final Logger LOG = LoggerFactory.getLogger(ServingModel.class);

  private final DepthEstimator estimator;
  private final DynamicBatcher batcher;
  private final AtomicInteger references = new AtomicInteger(1);
  private final LongAdder framesInferred = new LongAdder();
  private final LongAdder inferenceNanos = new LongAdder();
  private volatile boolean retired;

  /** A model without batching: each frame its own session.run. */
  public ServingModel(DepthEstimator estimator) {
    this(estimator, ModelBatching.OFF);
  }

  /** A model whose concurrent frames are batched as {@code batching} says for its device. */
  public ServingModel(DepthEstimator estimator, ModelBatching batching) {
    this.estimator = estimator;
    this.batcher = batching.front(estimator);
    if (batcher.batching()) {
      LOG.info(
          "model {} on {}: concurrent frames batched, up to {} per session.run, waiting at most {}"
              + " ms for batch-mates",
          estimator.bundle().label(),
          estimator.provider(),
          batcher.maxBatchSize(),
          batcher.maxWait().toNanos() / 1e6);
    }
  }

  /** A frame's hold on this model; closing it releases the hold. */
  public final class Lease implements EstimatorSource.Hold {
    private boolean released;

    private Lease() {}

    public ServingModel model() {
      return ServingModel.this;
    }

    @Override
    public DepthPredictor estimator() {
      return batcher;
    }

    @Override
    public void ran(double inferenceMs) {
      recordInference(inferenceMs);
    }

    @Override
    public void close() {
      if (!released) {
        released = true;
        release();
      }
    }
  }

  /**
   * A lease, or null when the model was retired and its session is closed or closing: the caller
   * then asks the catalog again, which by then names the new model.
   */
  Lease tryAcquire() {
    while (true) {
      int held = references.get();
      if (held == 0) {
        return null;
      }
      if (references.compareAndSet(held, held + 1)) {
        return new Lease();
      }
    }
  }

  /** Drops the catalog's own reference; the session closes when the last frame lets go. */
  void retire() {
    if (!retired) {
      retired = true;
      release();
    }
  }

  private void release() {
    if (references.decrementAndGet() == 0) {
      LOG.info("closing the session of model {}: no frame uses it any more", bundle().label());
      batcher.close();
      estimator.close();
    }
  }

  /**
   * Stops the batcher's thread but leaves the session open: for the pipeline benchmark, whose runs
   * share sessions across catalogs that are never closed. Frames sent after fail.
   */
  public void stopBatching() {
    batcher.close();
  }

  /** The batcher in front of the session: its limits and how many batches and frames it ran. */
  public DynamicBatcher batcher() {
    return batcher;
  }

  /** True once the session is closed (retired and every lease released). */
  public boolean closed() {
    return references.get() == 0;
  }

  public boolean retired() {
    return retired;
  }

  /** Counts one frame this model ran, for the API's inference time and frame count. */
  public void recordInference(double inferenceMs) {
    framesInferred.increment();
    inferenceNanos.add((long) (inferenceMs * 1e6));
  }

  public long framesInferred() {
    return framesInferred.sum();
  }

  /** Mean inference time over the frames this model ran; NaN before the first. */
  public double meanInferenceMs() {
    long frames = framesInferred.sum();
    return frames == 0 ? Double.NaN : inferenceNanos.sum() / 1e6 / frames;
  }

  public ModelBundle bundle() {
    return estimator.bundle();
  }

  public String id() {
    return bundle().id();
  }

  public String version() {
    return bundle().version();
  }

  public String provider() {
    return estimator.provider();
  }
}
