package io.depthstream.trainer.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The values of a network's parameters by name ({@code layer/kernel}, {@code layer/bias}, {@code
 * layer/gamma}, ...), shared by the training graph, the inference graph, checkpoints and the ONNX
 * exporter. The arrays are updated in place by the optimiser.
 */
public final class ModelParameters {

  private final Map<String, INDArray> values;

  private ModelParameters(Map<String, INDArray> values) {
    this.values = values;
  }

  /**
   * Fresh parameters: He-normal kernels (zero for the network's {@link Network#zeroStart()} convs),
   * zero biases and betas, unit gammas, running mean 0 and variance 1.
   */
  public static ModelParameters initialise(Network network, DataType type, long seed) {
    Random random = new Random(seed);
    Map<String, INDArray> v = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : network.parameterShapes().entrySet()) {
      String name = e.getKey();
      long[] shape = e.getValue();
      INDArray a;
      if (name.endsWith("/kernel") && network.zeroStart().contains(layerOf(name))) {
        a = Nd4j.zeros(type, shape);
      } else if (name.endsWith("/kernel")) {
        // fan-in of a conv kernel [kH, kW, cIn, cOut] and of a transposed one [kH, kW, cOut, cIn]
        long fanIn = shape[0] * shape[1] * (isTransposed(network, name) ? shape[3] : shape[2]);
        double std = Math.sqrt(2.0 / fanIn);
        double[] data = new double[(int) length(shape)];
        for (int i = 0; i < data.length; i++) {
          data[i] = random.nextGaussian() * std;
        }
        a = Nd4j.create(data, shape, type);
      } else if (name.endsWith(BatchNormParameters.GAMMA)
          || name.endsWith(BatchNormParameters.MOVING_VARIANCE)) {
        a = Nd4j.ones(type, shape);
      } else {
        a = Nd4j.zeros(type, shape);
      }
      v.put(name, a);
    }
    return new ModelParameters(v);
  }

  /** Wraps given arrays; checks that names and shapes match {@code network}. */
  public static ModelParameters of(Network network, Map<String, INDArray> arrays) {
    Map<String, long[]> shapes = network.parameterShapes();
    if (!shapes.keySet().equals(arrays.keySet())) {
      throw new IllegalArgumentException(
          "parameters do not match "
              + network.name()
              + ": expected "
              + shapes.size()
              + " tensors, got "
              + arrays.size()
              + " (missing or extra names)");
    }
    Map<String, INDArray> v = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : shapes.entrySet()) {
      INDArray a = arrays.get(e.getKey());
      if (!Arrays.equals(a.shape(), e.getValue())) {
        throw new IllegalArgumentException(
            "parameter "
                + e.getKey()
                + " has shape "
                + Arrays.toString(a.shape())
                + ", "
                + network.name()
                + " needs "
                + Arrays.toString(e.getValue()));
      }
      v.put(e.getKey(), a);
    }
    return new ModelParameters(v);
  }

  private static boolean isTransposed(Network network, String paramName) {
    return network.layer(layerOf(paramName)) instanceof Layer.ConvTranspose;
  }

  /** The layer a parameter belongs to: {@code up1_convA} for {@code up1_convA/kernel}. */
  private static String layerOf(String paramName) {
    return paramName.substring(0, paramName.lastIndexOf('/'));
  }

  private static long length(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  public INDArray get(String name) {
    INDArray a = values.get(name);
    if (a == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return a;
  }

  /** All parameters in layer order (read-only view; the arrays themselves are live). */
  public Map<String, INDArray> asMap() {
    return Collections.unmodifiableMap(values);
  }

  /** The data type of the parameters. */
  public DataType dataType() {
    return values.values().iterator().next().dataType();
  }

  /** A deep copy converted to {@code type}. */
  public ModelParameters copy(DataType type) {
    Map<String, INDArray> v = new LinkedHashMap<>();
    values.forEach((k, a) -> v.put(k, a.castTo(type).dup()));
    return new ModelParameters(v);
  }
}
