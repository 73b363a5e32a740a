package io.depthstream.core.inference;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one model bundle with ONNX Runtime: frames in, depth maps in metres out. Owns one session;
 * open it once per process and close it on shutdown. Each call splits into preprocess (resize,
 * normalise, lay out), one batched {@code session.run}, and postprocess (decode per output kind,
 * upsample to each frame's own size), each timed; {@link #predict} is a batch of one. With the flip
 * test on, each chunk runs a second time mirrored and the two maps are averaged. Safe to call from
 * several threads at once (ONNX Runtime sessions are), but not while closing.
 */
public final class DepthEstimator implements DepthPredictor, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DepthEstimator.class);

  private final ModelBundle bundle;
  private final OrtEnvironment environment;
  private final OrtSession session;
  private final String provider;
  private final ModelSignature signature;
  private final int chunkSize;
  private final boolean flipTest;
  private final ThreadLocal<FloatBuffer> inputBuffers = new ThreadLocal<>();
  private final InputEncoder encoder;
  private final OutputDecoder decoder;
  private volatile boolean closed;

  private DepthEstimator(
      ModelBundle bundle,
      OrtEnvironment environment,
      OrtSession session,
      String provider,
      ModelSignature signature,
      EngineOptions options) {
    this.bundle = bundle;
    this.environment = environment;
    this.session = session;
    this.provider = provider;
    this.signature = signature;
    this.chunkSize = signature.fixedBatch() > 0 ? signature.fixedBatch() : options.maxBatchSize();
    this.flipTest = options.flipTest();
    this.encoder = new InputEncoder(bundle.input());
    this.decoder = new OutputDecoder(bundle.output());
  }

  /**
   * Opens a session for {@code bundle} on the device {@code options} asks for. The bundle is
   * trusted as given; {@link ModelBundle#load} is where its sha256 is checked.
   *
   * @throws InferenceException when CUDA was demanded but cannot be used, or the runtime refuses
   *     the model
   * @throws ModelBundleException when the model's input or output disagrees with model.json
   */
  public static DepthEstimator open(ModelBundle bundle, EngineOptions options) {
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(options, "options");
    // The environment is a process-wide singleton owned by ONNX Runtime; sessions share it.
    OrtEnvironment environment = OrtEnvironment.getEnvironment();
    SessionFactory factory = new SessionFactory(environment, bundle, options);
    PlacedSession placed = place(factory, options.device());
    try {
      ModelSignature signature = ModelSignature.read(placed.session(), bundle);
      LOG.info(
          "model {} ({}{}) on {}: input '{}' {} {}x{}, batch {}",
          bundle.label(),
          bundle.output().kind().jsonName(),
          bundle
              .output()
              .calibration()
              .map(c -> ", calibrated at " + c.knots().size() + " knots")
              .orElse(""),
          placed.provider(),
          signature.inputName(),
          bundle.input().layout(),
          bundle.input().width(),
          bundle.input().height(),
          signature.fixedBatch() > 0 ? signature.fixedBatch() : "dynamic");
      return new DepthEstimator(
          bundle, environment, placed.session(), placed.provider(), signature, options);
    } catch (OrtException e) {
      closeQuietly(placed.session());
      throw factory.cannotLoad(e);
    } catch (RuntimeException e) {
      closeQuietly(placed.session());
      throw e;
    }
  }

  /**
   * Opens the session on CUDA when the device choice allows and CUDA works, else on the CPU. A CUDA
   * failure counts against the GPU only if the CPU then loads the model; otherwise the model itself
   * is at fault and that is what the error says.
   */
  private static PlacedSession place(SessionFactory factory, DeviceChoice device) {
    String cudaProblem = null;
    if (device != DeviceChoice.CPU) {
      if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
        cudaProblem =
            "this ONNX Runtime build has no CUDA provider (build with -Pgpu for onnxruntime_gpu)";
      } else {
        try {
          return new PlacedSession(factory.create(true), "CUDA");
        } catch (OrtException e) {
          // The GPU build lists CUDA even on machines without a GPU; only trying tells.
          cudaProblem = oneLine(e.getMessage());
        }
      }
    }
    OrtSession cpu;
    try {
      cpu = factory.create(false);
    } catch (OrtException e) {
      throw factory.cannotLoad(e);
    }
    if (cudaProblem != null && device == DeviceChoice.CUDA) {
      closeQuietly(cpu);
      throw new InferenceException(
          "model "
              + factory.bundle().label()
              + ": device CUDA was requested but CUDA cannot be used: "
              + cudaProblem
              + ". Fix: run where a GPU, CUDA 12 and cuDNN 9 are present with the onnxruntime_gpu"
              + " build, or choose device AUTO or CPU");
    }
    if (cudaProblem != null) {
      LOG.warn(
          "model {}: CUDA unavailable ({}); running on CPU", factory.bundle().label(), cudaProblem);
    }
    return new PlacedSession(cpu, "CPU");
  }

  private record PlacedSession(OrtSession session, String provider) {}

  /** Depth for one frame; a batch of one. */
  @Override
  public DepthPrediction predict(RgbImage frame) {
    return predictBatch(List.of(frame)).get(0);
  }

  /**
   * Depth for several frames, run in batches of up to {@link EngineOptions#maxBatchSize} (or the
   * model's fixed batch size). Frames may differ in size; each prediction has its frame's size.
   *
   * @throws InferenceException when ONNX Runtime fails to run a batch
   */
  public List<DepthPrediction> predictBatch(List<RgbImage> frames) {
    if (closed) {
      throw new IllegalStateException("the estimator for model " + bundle.label() + " is closed");
    }
    List<DepthPrediction> predictions = new ArrayList<>(frames.size());
    for (int start = 0; start < frames.size(); start += chunkSize) {
      predictions.addAll(
          runChunk(frames.subList(start, Math.min(frames.size(), start + chunkSize))));
    }
    return predictions;
  }

  /** The execution provider the session runs on: "CUDA" or "CPU". */
  @Override
  public String provider() {
    return provider;
  }

  /** The bundle this estimator runs. */
  @Override
  public ModelBundle bundle() {
    return bundle;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(session);
    inputBuffers.remove();
  }

  private List<DepthPrediction> runChunk(List<RgbImage> frames) {
    int count = frames.size();
    StageClock clock = new StageClock(count);
    DecodedPlanes planes = pass(frames, false, clock);
    float[][] maps = planes.maps();
    if (flipTest) {
      float[][] mirrored = pass(frames, true, clock).maps();
      for (int n = 0; n < count; n++) {
        long t0 = System.nanoTime();
        FlipAverage.combine(maps[n], mirrored[n], planes.width(), planes.height());
        clock.postprocessMs[n] += millisSince(t0);
      }
    }
    boolean relative = bundle.output().kind() == OutputKind.INVERSE_RELATIVE;
    List<DepthPrediction> predictions = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      RgbImage frame = frames.get(n);
      long t0 = System.nanoTime();
      DepthImage modelMap = new DepthImage(planes.width(), planes.height(), maps[n]);
      DepthImage frameMap =
          DepthUpsampling.toSize(modelMap, frame.frameWidth(), frame.frameHeight());
      clock.postprocessMs[n] += millisSince(t0);
      StageTimings timings =
          new StageTimings(clock.preprocessMs[n], clock.inferenceMs, clock.postprocessMs[n], count);
      predictions.add(new DepthPrediction(frameMap, modelMap, relative, provider, timings));
    }
    return predictions;
  }

  /** Each frame's decoded output at the model's output resolution, {@code width × height}. */
  private record DecodedPlanes(float[][] maps, int width, int height) {}

  /**
   * One preprocess → session.run → decode pass over a chunk, the frames mirrored or not; returns
   * each frame's decoded map at the model's output resolution (still mirrored when {@code
   * mirrored}). Upsampling to each frame's size comes after the flip average, in {@link #runChunk}.
   */
  private DecodedPlanes pass(List<RgbImage> frames, boolean mirrored, StageClock clock) {
    int count = frames.size();
    // A fixed-batch model gets its full batch; the spare slots repeat the last frame.
    int slots = signature.fixedBatch() > 0 ? signature.fixedBatch() : count;
    int perImage = encoder.valuesPerImage();
    FloatBuffer tensor = inputBuffer(slots * perImage);
    for (int n = 0; n < count; n++) {
      long t0 = System.nanoTime();
      encoder.encode(frames.get(n), tensor, n, mirrored);
      clock.preprocessMs[n] += millisSince(t0);
    }
    for (int n = count; n < slots; n++) {
      FloatBuffer last =
          tensor.duplicate().position((count - 1) * perImage).limit(count * perImage);
      tensor.duplicate().position(n * perImage).put(last);
    }
    ModelInput input = bundle.input();
    long[] shape = input.layout().shape(slots, input.height(), input.width());
    long t0 = System.nanoTime();
    float[] output;
    long[] outputShape;
    try (OnnxTensor tensorValue = OnnxTensor.createTensor(environment, tensor, shape);
        OrtSession.Result result =
            session.run(
                Map.of(signature.inputName(), tensorValue), Set.of(signature.outputName()))) {
      OnnxValue value = result.get(0);
      if (!(value instanceof OnnxTensor depth)) {
        throw new InferenceException(
            "model "
                + bundle.label()
                + ": output '"
                + signature.outputName()
                + "' is not a tensor");
      }
      outputShape = depth.getInfo().getShape();
      FloatBuffer values = depth.getFloatBuffer();
      output = new float[values.remaining()];
      values.get(output);
    } catch (OrtException e) {
      throw new InferenceException(
          "model "
              + bundle.label()
              + ": inference on a batch of "
              + count
              + " failed: "
              + e.getMessage(),
          e);
    }
    clock.inferenceMs += millisSince(t0);
    OutputPlane plane = OutputPlane.of(outputShape, slots, bundle);
    int size = plane.width() * plane.height() * plane.channels();
    float[][] maps = new float[count][];
    for (int n = 0; n < count; n++) {
      long t1 = System.nanoTime();
      float[] values = Arrays.copyOfRange(output, n * size, (n + 1) * size);
      maps[n] = decoder.decode(values, plane.width(), plane.height(), plane.channelsLast());
      clock.postprocessMs[n] += millisSince(t1);
    }
    return new DecodedPlanes(maps, plane.width(), plane.height());
  }

  /**
   * A direct buffer of exactly {@code values} floats for the input tensor, reused per thread: a
   * 640×480 batch of 8 is 29 MB, too much to leave to the garbage collector at camera frame rates.
   * Safe because the tensor that wraps it is closed before the thread's next pass.
   */
  private FloatBuffer inputBuffer(int values) {
    FloatBuffer buffer = inputBuffers.get();
    if (buffer == null || buffer.capacity() < values) {
      buffer =
          ByteBuffer.allocateDirect(values * Float.BYTES)
              .order(ByteOrder.nativeOrder())
              .asFloatBuffer();
      inputBuffers.set(buffer);
    }
    return buffer.duplicate().position(0).limit(values).slice();
  }

  /** Accumulates stage times over the passes of one chunk (two with the flip test). */
  private static final class StageClock {
    final double[] preprocessMs;
    final double[] postprocessMs;
    double inferenceMs;

    StageClock(int frames) {
      preprocessMs = new double[frames];
      postprocessMs = new double[frames];
    }
  }

  /**
   * Size of one image's output, read from the actual output shape: a single plane, or for {@code
   * DEPTH_BINS} one plane per bin, the bins first (NCHW input) or last (NHWC input).
   */
  private record OutputPlane(int width, int height, int channels, boolean channelsLast) {

    static OutputPlane of(long[] shape, int batch, ModelBundle bundle) {
      boolean valid = shape.length >= 3 && shape[0] == batch;
      OutputPlane plane = null;
      if (bundle.output().kind() == OutputKind.DEPTH_BINS) {
        int bins = bundle.output().bins().bins().count();
        // Bins sit on the input layout's channel axis, as ModelSignature checked at load.
        boolean last = bundle.input().layout() == TensorLayout.NHWC;
        if (valid && shape.length == 4 && shape[last ? 3 : 1] == bins) {
          plane =
              last
                  ? new OutputPlane((int) shape[2], (int) shape[1], bins, true)
                  : new OutputPlane((int) shape[3], (int) shape[2], bins, false);
        }
      } else if (valid && shape.length == 3) {
        plane = new OutputPlane((int) shape[2], (int) shape[1], 1, false);
      } else if (valid && shape.length == 4) {
        boolean channelsFirst = shape[1] == 1;
        boolean channelsLast = shape[3] == 1;
        // [N,1,H,1] fits both; the input layout breaks the tie.
        if (channelsFirst && (!channelsLast || bundle.input().layout() == TensorLayout.NCHW)) {
          plane = new OutputPlane((int) shape[3], (int) shape[2], 1, false);
        } else if (channelsLast) {
          plane = new OutputPlane((int) shape[2], (int) shape[1], 1, true);
        }
      }
      if (plane == null) {
        throw new InferenceException(
            "model "
                + bundle.label()
                + ": output shape "
                + Arrays.toString(shape)
                + " is not a batch of "
                + batch
                + (bundle.output().kind() == OutputKind.DEPTH_BINS
                    ? " depth-bin scores with output.bins.count channels on the "
                        + bundle.input().layout()
                        + " channel axis"
                    : " single-channel depth maps"));
      }
      return plane;
    }
  }

  /** Builds sessions with the thread settings of {@link EngineOptions}, with or without CUDA. */
  private record SessionFactory(
      OrtEnvironment environment, ModelBundle bundle, EngineOptions options) {

    OrtSession create(boolean cuda) throws OrtException {
      try (OrtSession.SessionOptions session = new OrtSession.SessionOptions()) {
        if (options.intraOpThreads() > 0) {
          session.setIntraOpNumThreads(options.intraOpThreads());
        }
        if (options.interOpThreads() > 0) {
          session.setInterOpNumThreads(options.interOpThreads());
        }
        session.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // ONNX Runtime's session config keys (onnxruntime_session_options_config_keys.h).
        String spin = options.intraOpSpinning() ? "1" : "0";
        session.addConfigEntry("session.intra_op.allow_spinning", spin);
        session.addConfigEntry("session.inter_op.allow_spinning", spin);
        if (cuda) {
          session.addCUDA(options.cudaDeviceId());
        }
        return environment.createSession(bundle.modelFile().toString(), session);
      }
    }

    InferenceException cannotLoad(OrtException e) {
      return new InferenceException(
          "model "
              + bundle.label()
              + ": ONNX Runtime cannot load "
              + bundle.modelFile()
              + ": "
              + oneLine(e.getMessage())
              + ". Fix: check that the file is an ONNX model ONNX Runtime 1.29 can run, or"
              + " re-export it (the trainer exports opset 17)",
          e);
    }
  }

  private static double millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e6;
  }

  private static String oneLine(String message) {
    return message == null ? "no reason given" : message.replaceAll("\\s+", " ").trim();
  }

  private static void closeQuietly(OrtSession session) {
    if (session == null) {
      return;
    }
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
    }
  }
}
