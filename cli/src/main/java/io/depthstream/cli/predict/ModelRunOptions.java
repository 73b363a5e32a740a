package io.depthstream.cli.predict;

import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageLimits;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The options of every command that runs a model bundle ({@code predict}, {@code evaluate
 * --model}): where it runs, how many threads and frames per call, DenseDepth's flip test and how
 * JPEGs are decoded for it. A picocli mixin, so both commands spell and document them the same way.
 */
public final class ModelRunOptions {

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      defaultValue = "auto",
      converter = DeviceConverter.class,
      description =
          "auto (CUDA when it works, else CPU), cuda (or fail) or cpu. Default: ${DEFAULT-VALUE}.")
  private DeviceChoice device;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "ONNX Runtime threads inside an operator; 0 lets it choose. Default: ${DEFAULT-VALUE}.")
  private int threads;

  @Option(
      names = "--batch",
      paramLabel = "N",
      defaultValue = "4",
      description = "Images per inference call. Default: ${DEFAULT-VALUE}.")
  private int batch;

  @Option(
      names = "--flip-test",
      description =
          "Also run each image mirrored and average the two depth maps (DenseDepth's evaluation);"
              + " doubles the work.")
  private boolean flipTest;

  @Option(
      names = "--reduce-jpeg",
      description =
          "Decode a JPEG larger than the model's input straight to that size, as the service does"
              + " with depthstream.image.reduce-jpeg=true (each pixel the area average of those it"
              + " stands for). Default: decode whole, as the service's default.")
  private boolean reduceJpeg;

  /** The picture decoder these flags ask for: the default limits, whole or straight to size. */
  public ImageDecoder decoder() {
    return new ImageDecoder(ImageLimits.DEFAULTS, reduceJpeg);
  }

  /**
   * The engine options these flags ask for.
   *
   * @throws IllegalArgumentException naming the option when a count is out of range
   */
  public EngineOptions engineOptions() {
    if (threads < 0) {
      throw new IllegalArgumentException(
          "--threads must be 0 (let ONNX Runtime choose) or more, got " + threads);
    }
    if (batch < 1) {
      throw new IllegalArgumentException("--batch must be at least 1, got " + batch);
    }
    return EngineOptions.defaults()
        .withDevice(device)
        .withThreads(threads, 0)
        .withMaxBatchSize(batch)
        .withFlipTest(flipTest);
  }

  /** Images per inference call; also how many a command reads ahead. */
  public int batch() {
    return Math.max(1, batch);
  }

  /** Accepts device names in any case. */
  static final class DeviceConverter implements ITypeConverter<DeviceChoice> {
    @Override
    public DeviceChoice convert(String value) {
      try {
        return DeviceChoice.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
