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
 */
public record EngineOptions(
    DeviceChoice device,
    int cudaDeviceId,
    int intraOpThreads,
    int interOpThreads,
    int maxBatchSize,
    boolean flipTest) {

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

  /** Options without the flip test. */
  public EngineOptions(
      DeviceChoice device,
      int cudaDeviceId,
      int intraOpThreads,
      int interOpThreads,
      int maxBatchSize) {
    this(device, cudaDeviceId, intraOpThreads, interOpThreads, maxBatchSize, false);
  }

  /** AUTO device, GPU 0, ONNX Runtime's own thread counts, batches of up to 8 frames, no flip. */
  public static EngineOptions defaults() {
    return new EngineOptions(DeviceChoice.AUTO, 0, 0, 0, 8, false);
  }

  public EngineOptions withDevice(DeviceChoice newDevice) {
    return new EngineOptions(
        newDevice, cudaDeviceId, intraOpThreads, interOpThreads, maxBatchSize, flipTest);
  }

  public EngineOptions withCudaDeviceId(int id) {
    return new EngineOptions(device, id, intraOpThreads, interOpThreads, maxBatchSize, flipTest);
  }

  public EngineOptions withThreads(int intraOp, int interOp) {
    return new EngineOptions(device, cudaDeviceId, intraOp, interOp, maxBatchSize, flipTest);
  }

  public EngineOptions withMaxBatchSize(int size) {
    return new EngineOptions(device, cudaDeviceId, intraOpThreads, interOpThreads, size, flipTest);
  }

  public EngineOptions withFlipTest(boolean flip) {
    return new EngineOptions(
        device, cudaDeviceId, intraOpThreads, interOpThreads, maxBatchSize, flip);
  }
}
