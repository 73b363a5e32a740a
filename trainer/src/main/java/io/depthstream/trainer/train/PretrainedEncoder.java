package io.depthstream.trainer.train;

import io.depthstream.trainer.keras.KerasWeights;
import io.depthstream.trainer.keras.WeightSpec;
import io.depthstream.trainer.keras.WeightTensor;
import io.depthstream.trainer.model.DenseNetEncoder;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Copies ImageNet weights saved by Keras ({@code DenseNet169(include_top=False).save_weights}) into
 * the encoder part of a model's parameters. Layer and weight names match one to one, and Keras'
 * conv kernels are already [kH, kW, cIn, cOut]; every encoder tensor must be present.
 */
public final class PretrainedEncoder {

  private PretrainedEncoder() {}

  /** Loads all encoder tensors of {@code encoder} from {@code weights} into {@code params}. */
  public static int load(KerasWeights weights, DenseNetEncoder encoder, ModelParameters params) {
    Network encoderOnly = encoder.network();
    List<WeightSpec> wanted = new ArrayList<>();
    for (Map.Entry<String, long[]> e : encoderOnly.parameterShapes().entrySet()) {
      String name = e.getKey();
      int slash = name.lastIndexOf('/');
      int[] shape = new int[e.getValue().length];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = Math.toIntExact(e.getValue()[i]);
      }
      wanted.add(WeightSpec.of(name.substring(0, slash), name.substring(slash + 1), shape));
    }
    Map<String, WeightTensor> found = weights.require(wanted);
    for (WeightSpec spec : wanted) {
      WeightTensor t = found.get(spec.key());
      long[] shape = new long[spec.shape().length];
      for (int i = 0; i < shape.length; i++) {
        shape[i] = spec.shape()[i];
      }
      params
          .get(spec.layer() + "/" + spec.weight())
          .assign(Nd4j.create(t.values(), shape, DataType.FLOAT).castTo(params.dataType()));
    }
    return wanted.size();
  }
}
