package io.depthstream.trainer.export;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.trainer.model.DenseDepthDecoder;
import io.depthstream.trainer.model.Layer;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.Widening;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads an exported bundle's weights back into a model's parameters: the inverse of {@link
 * OnnxExporter}, so a run can start from a trained model (fine-tuning it on other data, or at
 * another input size) instead of from random weights. The exporter names every initializer after
 * the parameter it holds, so the mapping is by name; conv kernels come back from ONNX's OIHW to
 * SameDiff's [kH, kW, cIn, cOut], batch-norm statistics and biases as they are.
 *
 * <p>The networks are fully convolutional, so the weights do not depend on the input size; they do
 * depend on the architecture, the decoder width, the head and, through the output's meaning ({@code
 * maxDepth/d}), on the depth range. All four must match, and each mismatch is reported with the
 * option that fixes it.
 */
public final class BundleWeights {

  private BundleWeights() {}

  /** Every parameter of {@code config}'s network, read from {@code bundle}'s ONNX file. */
  public static ModelParameters load(ModelBundle bundle, ModelConfig config) {
    requireSameModel(bundle, config);
    return load(bundle, config, initializers(bundle));
  }

  /**
   * Parameters read by {@link #loadWidened}, with the DenseDepth decoder width the bundle had
   * ({@code fromWidth}, 0 when it has no DenseDepth decoder) and the one they have now, and the
   * refinement width it had and has ({@code fromRefine}, {@code toRefine}; 0 = none).
   */
  public record Loaded(
      ModelParameters parameters, int fromWidth, int toWidth, int fromRefine, int toRefine) {

    /** Whether the bundle's decoder was widened on the way in. */
    public boolean widened() {
      return fromWidth > 0 && fromWidth < toWidth;
    }

    /** Whether a refinement stage the bundle lacked was added on the way in. */
    public boolean refinementAdded() {
      return fromRefine == 0 && toRefine > 0;
    }
  }

  /** The bundle's refinement width (the filters of its first refinement conv), or 0 for none. */
  private static int refineWidth(Map<String, Onnx.TensorProto> initializers) {
    Onnx.TensorProto entry = initializers.get(DenseDepthDecoder.REFINE_ENTRY + "/kernel");
    return entry == null ? 0 : (int) entry.getDims(0);
  }

  /**
   * The bundle's DenseDepth decoder width F (the filters of its first decoder conv), or 0 when the
   * bundle has no DenseDepth decoder.
   */
  private static int decoderWidth(Map<String, Onnx.TensorProto> initializers) {
    Onnx.TensorProto entry = initializers.get(DenseDepthDecoder.ENTRY + "/kernel");
    // ONNX kernels are OIHW: the first dimension is the filters
    return entry == null ? 0 : (int) entry.getDims(0);
  }

  /**
   * {@code bundle}'s weights in {@code config}'s network, whose DenseDepth decoder may be wider
   * than the bundle's and may add a refinement stage the bundle lacks: the bundle's network loaded
   * as it is, then widened in {@code form} so that it computes the same depth (see {@link
   * Widening}), then given the refinement stage, which starts as plain bilinear enlargement of that
   * depth (its last conv starts at zero); {@code seed} draws what is new. A network like the
   * bundle's is loaded as {@link #load(ModelBundle, ModelConfig)} does. The bundle's file is read
   * once.
   */
  public static Loaded loadWidened(
      ModelBundle bundle, ModelConfig config, Widening.Form form, long seed) {
    requireSameModel(bundle, config);
    Map<String, Onnx.TensorProto> initializers = initializers(bundle);
    int storedRefine = refineWidth(initializers);
    int wantedRefine = config.refineWidth();
    int stored = decoderWidth(initializers);
    int wanted = config.effectiveDecoderWidth();
    if (storedRefine == wantedRefine) {
      if (storedRefine > 0 && stored != wanted) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "%s has a refinement stage, and a decoder with one is not widened; pass"
                    + " --decoder-width %d",
                bundle.label(),
                stored));
      }
      ModelParameters decoder = widened(bundle, config, initializers, stored, wanted, form, seed);
      return new Loaded(decoder, stored, wanted, storedRefine, wantedRefine);
    }
    if (storedRefine > 0) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s's refinement stage is %d channels wide and --refine-width asks for %d; pass"
                  + " --refine-width %d",
              bundle.label(),
              storedRefine,
              wantedRefine,
              storedRefine));
    }
    ModelConfig half = config.withoutRefinement();
    ModelParameters trained = widened(bundle, half, initializers, stored, wanted, form, seed);
    ModelParameters refined =
        ModelParameters.initialise(config.network(), trained.dataType(), seed);
    trained.asMap().forEach((name, value) -> refined.asMap().get(name).assign(value));
    return new Loaded(refined, stored, wanted, 0, wantedRefine);
  }

  /**
   * The bundle's weights in {@code config}'s network, its decoder widened from {@code stored} to
   * {@code wanted}.
   */
  private static ModelParameters widened(
      ModelBundle bundle,
      ModelConfig config,
      Map<String, Onnx.TensorProto> initializers,
      int stored,
      int wanted,
      Widening.Form form,
      long seed) {
    if (stored == 0 || stored == wanted) {
      return load(bundle, config, initializers);
    }
    if (stored > wanted) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s's decoder is %d channels wide and --decoder-width asks for %d: a decoder can be"
                  + " widened from a bundle, not narrowed; pass --decoder-width %d or more",
              bundle.label(),
              stored,
              wanted,
              stored));
    }
    ModelConfig narrow =
        new ModelConfig(
            config.architecture(),
            stored,
            config.height(),
            config.width(),
            config.maxDepth(),
            config.head());
    ModelParameters trained = load(bundle, narrow, initializers);
    Network wide = config.network();
    return Widening.widen(
        narrow.network(),
        trained,
        wide,
        ModelParameters.initialise(wide, trained.dataType(), seed),
        form,
        seed);
  }

  private static Map<String, Onnx.TensorProto> initializers(ModelBundle bundle) {
    Onnx.ModelProto model;
    try (InputStream in = Files.newInputStream(bundle.modelFile())) {
      model = Onnx.ModelProto.parseFrom(in);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + bundle.modelFile() + ": " + e.getMessage(), e);
    }
    Map<String, Onnx.TensorProto> initializers = new HashMap<>();
    for (Onnx.TensorProto t : model.getGraph().getInitializerList()) {
      initializers.put(t.getName(), t);
    }
    return initializers;
  }

  private static ModelParameters load(
      ModelBundle bundle, ModelConfig config, Map<String, Onnx.TensorProto> initializers) {
    Network network = config.network();
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : network.parameterShapes().entrySet()) {
      String name = e.getKey();
      Onnx.TensorProto tensor = initializers.get(name);
      if (tensor == null) {
        throw new IllegalArgumentException(
            bundle.label()
                + " has no tensor '"
                + name
                + "': it was not exported from "
                + config.id()
                + " (check --model, --decoder-width and --refine-width against the bundle's"
                + " training command)");
      }
      INDArray stored = toArray(tensor);
      INDArray value = isKernel(network, name) ? OnnxExporter.fromOnnxKernel(stored) : stored;
      if (!Arrays.equals(value.shape(), e.getValue())) {
        throw new IllegalArgumentException(
            bundle.label()
                + "'s tensor '"
                + name
                + "' has shape "
                + Arrays.toString(value.shape())
                + " where "
                + config.id()
                + " needs "
                + Arrays.toString(e.getValue())
                + " (check --decoder-width against the bundle's training command)");
      }
      arrays.put(name, value);
    }
    return ModelParameters.of(network, arrays);
  }

  /** The bundle must hold the same network with the same output meaning as {@code config}. */
  private static void requireSameModel(ModelBundle bundle, ModelConfig config) {
    String encoder = config.architecture().encoder();
    if (!bundle.encoder().equals(encoder)) {
      throw new IllegalArgumentException(
          bundle.label()
              + " has a "
              + bundle.encoder()
              + " encoder, --model "
              + config.architecture().id()
              + " has "
              + encoder
              + ": pass the --model the bundle was trained with");
    }
    ModelOutput wanted = BundleExporter.output(config);
    ModelOutput found = bundle.output();
    if (found.kind() != wanted.kind() || !Objects.equals(found.bins(), wanted.bins())) {
      throw new IllegalArgumentException(
          bundle.label()
              + "'s output is "
              + describe(found)
              + ", this run's is "
              + describe(wanted)
              + ": pass the --head and --bins the bundle was trained with");
    }
    if (found.maxDepth() != wanted.maxDepth()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s spans depths to %s m, this run to %s m: its output means something else at"
                  + " another range; pass --max-depth %s",
              bundle.label(),
              found.maxDepth(),
              wanted.maxDepth(),
              found.maxDepth()));
    }
  }

  private static String describe(ModelOutput output) {
    return output.bins() == null
        ? output.kind().toString()
        : output.kind() + " with " + output.bins().bins().count() + " bins";
  }

  private static boolean isKernel(Network network, String name) {
    if (!name.endsWith("/kernel")) {
      return false;
    }
    Layer layer = network.layer(name.substring(0, name.lastIndexOf('/')));
    return layer instanceof Layer.Conv || layer instanceof Layer.ConvTranspose;
  }

  private static INDArray toArray(Onnx.TensorProto t) {
    if (t.getDataType() != Onnx.TensorProto.DataType.FLOAT_VALUE) {
      throw new IllegalArgumentException(
          "tensor '" + t.getName() + "' is not float32 (ONNX type " + t.getDataType() + ")");
    }
    long[] shape = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
    float[] values;
    if (!t.getRawData().isEmpty()) {
      ByteBuffer raw = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      values = new float[raw.remaining() / Float.BYTES];
      raw.asFloatBuffer().get(values);
    } else {
      values = new float[t.getFloatDataCount()];
      for (int i = 0; i < values.length; i++) {
        values[i] = t.getFloatData(i);
      }
    }
    return Nd4j.create(values, shape, DataType.FLOAT);
  }
}
