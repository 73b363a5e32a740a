package io.depthstream.core.inference;

import java.util.Objects;

/**
 * How the inference engine runs a model.
 *
 * @param device where to run: AUTO (CUDA if it works, else CPU), CUDA (or fail) or CPU
 * @param cudaDeviceId which GPU, when CUDA is used
 * @param intraOpThreads threads inside one operator; 0 lets ONNX Runtime choose (one per core)
 * @param interOpThreads threads across independent operators; 0 lets ONNX Runtime choose
 * @param maxBatchSize most frames per {@code session.run} for models with a dynamic batch axis;
 *     longer lists are split. Bounds GPU memory per call.
 * @param flipTest also run each frame mirrored left-right and average the two depth maps, as
 *     DenseDepth's evaluation does; doubles the inference work
 * @param intraOpSpinning whether ONNX Runtime's intra-op threads spin (busy-wait) between operators
 *     instead of sleeping: ONNX Runtime's default, right for a process that only runs the model; a
 *     process that shares its cores with other work (the service's stream threads decoding and
 *     encoding frames) turns it off, since the spinning takes their CPU time (issue 12: (b) fell
 *     from 66 to 45 CPU ms a frame, BENCHMARKS.md)
 */
public record EngineOptions(
    DeviceChoice device,
    int cudaDeviceId,
    int intraOpThreads,
    int interOpThreads,
    int maxBatchSize,
    boolean flipTest,
    boolean intraOpSpinning) {

  public EngineOptions {
    Objects.requireNonNull(device, "device");
    if (cudaDeviceId < 0) {
      throw new IllegalArgumentException("CUDA device id must be 0 or more, got " + cudaDeviceId);
    }
    if (intraOpThreads < 0 || interOpThreads < 0) {
      throw new IllegalArgumentException(
          "thread counts must be 0 (let ONNX Runtime choose) or more, got intra-op "
              + intraOpThreads
              + ", inter-op "
              + interOpThreads);
    }
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("max batch size must be at least 1, got " + maxBatchSize);
    }
  }

  /** Options with ONNX Runtime's own spinning (on). */
  public EngineOptions(
      DeviceChoice device,
      int cudaDeviceId,
      int intraOpThreads,
      int interOpThreads,
      int maxBatchSize,
      boolean flipTest) {
    this(device, cudaDeviceId, intraOpThreads, interOpThreads, maxBatchSize, flipTest, true);
  }

  /** Options without the flip test. */
  public EngineOptions(
      DeviceChoice device,
      int cudaDeviceId,
      int intraOpThreads,
      int interOpThreads,
      int maxBatchSize) {
    this(device, cudaDeviceId, intraOpThreads, interOpThreads, maxBatchSize, false);
  }

  /**
   * AUTO device, GPU 0, ONNX Runtime's own thread counts and spinning, batches of up to 8 frames,
   * no flip.
   */
  public static EngineOptions defaults() {
    return new EngineOptions(DeviceChoice.AUTO, 0, 0, 0, 8, false, true);
  }

  public EngineOptions withDevice(DeviceChoice newDevice) {
    return new EngineOptions(
        newDevice,
        cudaDeviceId,
        intraOpThreads,
        interOpThreads,
        maxBatchSize,
        flipTest,
        intraOpSpinning);
  }

  public EngineOptions withCudaDeviceId(int id) {
    return new EngineOptions(
        device, id, intraOpThreads, interOpThreads, maxBatchSize, flipTest, intraOpSpinning);
  }

  public EngineOptions withThreads(int intraOp, int interOp) {
    return new EngineOptions(
        device, cudaDeviceId, intraOp, interOp, maxBatchSize, flipTest, intraOpSpinning);
  }

  public EngineOptions withMaxBatchSize(int size) {
    return new EngineOptions(
        device, cudaDeviceId, intraOpThreads, interOpThreads, size, flipTest, intraOpSpinning);
  }

  public EngineOptions withFlipTest(boolean flip) {
    return new EngineOptions(
        device, cudaDeviceId, intraOpThreads, interOpThreads, maxBatchSize, flip, intraOpSpinning);
  }

  public EngineOptions withIntraOpSpinning(boolean spinning) {
    return new EngineOptions(
        device, cudaDeviceId, intraOpThreads, interOpThreads, maxBatchSize, flipTest, spinning);
  }
}
