package io.depthstream.trainer.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A feed-forward network as an ordered list of {@link Layer}s reading the image tensor {@link
 * #INPUT} (N × 3 × H × W, RGB in [0, 1]) and producing {@link #output()} (N × C × H' × W': one
 * channel for depth regression, K for a K-bin classification head). It knows its parameter names
 * and shapes and the activation shape of every layer, which is what the graph builder, the ONNX
 * exporter, the parameter-count tests and the memory estimate need.
 *
 * @param zeroStart convolutions whose kernels start at zero rather than random: the last conv of a
 *     residual branch, which then adds nothing until training grows it, so a network that gains the
 *     branch starts out computing what it computed without it
 */
public record Network(
    String name, List<Layer> layers, String output, int downsampleMultiple, Set<String> zeroStart) {

  /** Name of the input tensor in every graph and exported model. */
  public static final String INPUT = "image";

  /** Colour channels of the input. */
  public static final int INPUT_CHANNELS = 3;

  /** A network whose kernels all start random. */
  public Network(String name, List<Layer> layers, String output, int downsampleMultiple) {
    this(name, layers, output, downsampleMultiple, Set.of());
  }

  public Network {
    layers = List.copyOf(layers);
    zeroStart = Set.copyOf(zeroStart);
    Map<String, Layer> seen = new HashMap<>();
    for (Layer layer : layers) {
      for (String in : layer.inputs()) {
        if (!in.equals(INPUT) && !seen.containsKey(in)) {
          throw new IllegalArgumentException(
              "layer " + layer.name() + " reads " + in + ", which no earlier layer produces");
        }
      }
      if (seen.put(layer.name(), layer) != null || layer.name().equals(INPUT)) {
        throw new IllegalArgumentException("layer name " + layer.name() + " is used twice");
      }
    }
    if (!seen.containsKey(output)) {
      throw new IllegalArgumentException("output " + output + " is not a layer of " + name);
    }
    for (String conv : zeroStart) {
      if (!(seen.get(conv) instanceof Layer.Conv)) {
        throw new IllegalArgumentException(
            "zero-start layer " + conv + " is not a convolution of " + name);
      }
    }
  }

  /** The layer with this name. */
  public Layer layer(String layerName) {
    for (Layer layer : layers) {
      if (layer.name().equals(layerName)) {
        return layer;
      }
    }
    throw new IllegalArgumentException("no layer named " + layerName + " in " + name);
  }

  /** Channel count of every tensor (input included); does not depend on the image size. */
  public Map<String, Integer> channels() {
    Map<String, Integer> c = new LinkedHashMap<>();
    c.put(INPUT, INPUT_CHANNELS);
    for (Layer layer : layers) {
      int in = c.get(layer.inputs().get(0));
      int out = in;
      if (layer instanceof Layer.Conv conv) {
        out = conv.filters();
      } else if (layer instanceof Layer.ConvTranspose t) {
        out = t.filters();
      } else if (layer instanceof Layer.Concat cat) {
        out = cat.inputs().stream().mapToInt(c::get).sum();
      }
      c.put(layer.name(), out);
    }
    return c;
  }

  /**
   * Activation shape of every tensor for an input of {@code height × width}.
   *
   * @throws IllegalArgumentException when the size does not fit the network (too small, or not a
   *     multiple of {@link #downsampleMultiple()} so skip connections would not line up)
   */
  public Map<String, TensorShape> shapes(int height, int width) {
    if (height <= 0
        || width <= 0
        || height % downsampleMultiple != 0
        || width % downsampleMultiple != 0) {
      throw new IllegalArgumentException(
          "input "
              + width
              + "x"
              + height
              + " does not fit "
              + name
              + ": width and height must be positive multiples of "
              + downsampleMultiple
              + " (e.g. 640x480)");
    }
    Map<String, TensorShape> s = new LinkedHashMap<>();
    s.put(INPUT, new TensorShape(INPUT_CHANNELS, height, width));
    for (Layer layer : layers) {
      TensorShape in = s.get(layer.inputs().get(0));
      TensorShape out = outputShape(layer, in, s);
      if (out.height() <= 0 || out.width() <= 0) {
        throw new IllegalArgumentException(
            "input " + width + "x" + height + " is too small for " + name + " at " + layer.name());
      }
      s.put(layer.name(), out);
    }
    return s;
  }

  private TensorShape outputShape(Layer layer, TensorShape in, Map<String, TensorShape> s) {
    if (layer instanceof Layer.Conv c) {
      return new TensorShape(
          c.filters(),
          slide(in.height(), c.span(), c.stride(), c.pad()),
          slide(in.width(), c.span(), c.stride(), c.pad()));
    } else if (layer instanceof Layer.ConvTranspose t) {
      return new TensorShape(
          t.filters(),
          (in.height() - 1) * t.stride() + t.kernel() - 2 * t.pad(),
          (in.width() - 1) * t.stride() + t.kernel() - 2 * t.pad());
    } else if (layer instanceof Layer.MaxPool p) {
      return new TensorShape(
          in.channels(),
          slide(in.height(), p.kernel(), p.stride(), p.pad()),
          slide(in.width(), p.kernel(), p.stride(), p.pad()));
    } else if (layer instanceof Layer.AvgPool p) {
      return new TensorShape(
          in.channels(),
          slide(in.height(), p.kernel(), p.stride(), 0),
          slide(in.width(), p.kernel(), p.stride(), 0));
    } else if (layer instanceof Layer.Upsample u) {
      return new TensorShape(in.channels(), in.height() * u.factor(), in.width() * u.factor());
    } else if (layer instanceof Layer.Concat cat) {
      return concatShape(cat, s);
    } else if (layer instanceof Layer.Add add) {
      return sumShape(add, s);
    }
    return in; // batch norm and activations keep the shape
  }

  private static int slide(int size, int kernel, int stride, int pad) {
    return (size + 2 * pad - kernel) / stride + 1;
  }

  private TensorShape concatShape(Layer.Concat cat, Map<String, TensorShape> s) {
    TensorShape first = s.get(cat.inputs().get(0));
    int channels = 0;
    for (String in : cat.inputs()) {
      TensorShape t = s.get(in);
      if (t.height() != first.height() || t.width() != first.width()) {
        throw new IllegalArgumentException(
            cat.name() + " joins " + first + " with " + t + " from " + in + "; sizes must match");
      }
      channels += t.channels();
    }
    return new TensorShape(channels, first.height(), first.width());
  }

  private static TensorShape sumShape(Layer.Add add, Map<String, TensorShape> s) {
    TensorShape first = s.get(add.inputs().get(0));
    for (String in : add.inputs()) {
      if (!s.get(in).equals(first)) {
        throw new IllegalArgumentException(
            add.name()
                + " adds "
                + first
                + " to "
                + s.get(in)
                + " from "
                + in
                + "; shapes must match");
      }
    }
    return first;
  }

  /**
   * Every parameter's name and shape, in layer order. Convolution kernels are [kH, kW, cIn, cOut]
   * (transposed: [kH, kW, cOut, cIn]); batch norm holds gamma, beta, moving_mean and
   * moving_variance of length C.
   */
  public Map<String, long[]> parameterShapes() {
    Map<String, Integer> c = channels();
    Map<String, long[]> p = new LinkedHashMap<>();
    for (Layer layer : layers) {
      int in = c.get(layer.inputs().get(0));
      if (layer instanceof Layer.Conv conv) {
        p.put(
            conv.name() + "/kernel", new long[] {conv.kernel(), conv.kernel(), in, conv.filters()});
        if (conv.bias()) {
          p.put(conv.name() + "/bias", new long[] {conv.filters()});
        }
      } else if (layer instanceof Layer.ConvTranspose t) {
        p.put(t.name() + "/kernel", new long[] {t.kernel(), t.kernel(), t.filters(), in});
        if (t.bias()) {
          p.put(t.name() + "/bias", new long[] {t.filters()});
        }
      } else if (layer instanceof Layer.BatchNorm bn) {
        for (String suffix : BatchNormParameters.SUFFIXES) {
          p.put(bn.name() + suffix, new long[] {in});
        }
      }
    }
    return p;
  }

  /** Total number of parameters, BN running statistics included (as Keras counts them). */
  public long parameterCount() {
    return count(false);
  }

  /**
   * Parameters the optimiser updates, BN running statistics left out (as PyTorch's {@code
   * sum(p.numel() for p in model.parameters())} counts them).
   */
  public long trainableParameterCount() {
    return count(true);
  }

  private long count(boolean trainableOnly) {
    long n = 0;
    for (Map.Entry<String, long[]> e : parameterShapes().entrySet()) {
      if (trainableOnly && BatchNormParameters.isRunningStatistic(e.getKey())) {
        continue;
      }
      long k = 1;
      for (long d : e.getValue()) {
        k *= d;
      }
      n += k;
    }
    return n;
  }

  /** Names of the parameters the optimiser updates (everything but BN running statistics). */
  public List<String> trainableParameters() {
    List<String> names = new ArrayList<>();
    for (String n : parameterShapes().keySet()) {
      if (!BatchNormParameters.isRunningStatistic(n)) {
        names.add(n);
      }
    }
    return names;
  }
}
