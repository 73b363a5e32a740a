package io.depthstream.trainer.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Function-preserving widening: a trained network's weights carried into the same network with more
 * channels in some layers (a wider DenseDepth decoder), so that the wider network starts out
 * computing exactly what the trained one computes and training adds capacity instead of starting
 * again from random weights.
 *
 * <p>It is Net2WiderNet (Chen, Goodfellow and Shlens, arXiv 1511.05641) in its zero-output form:
 * each layer keeps its old channels first and appends the new ones, with fresh initial weights into
 * the new channels and zero weights from the new channels into the old ones. The new channels
 * compute something, but nothing the old channels read, so the output is unchanged; after the first
 * step the gradient of the zero weights is not zero (the new channels' activations are not), and
 * the new channels join in. Net2Net's own form, copying units and halving their outgoing weights,
 * gives the copies identical gradients, which noise must then break; fresh weights need no noise.
 *
 * <p>Pure in the sense that matters: the inputs are not modified, and the result depends only on
 * them (the fresh parameters supply the new channels' initial values).
 */
public final class Widening {

  private Widening() {}

  /**
   * {@code trained}'s values carried into {@code wide}, a network with the same layers as {@code
   * narrow} and at least as many channels in each; the new channels take {@code fresh}'s values,
   * except for the weights from a new channel into an old one, which are zero.
   *
   * @throws IllegalArgumentException when the two networks differ in anything but channel counts,
   *     or {@code wide} has fewer channels somewhere
   */
  public static ModelParameters widen(
      Network narrow, ModelParameters trained, Network wide, ModelParameters fresh) {
    Map<String, int[]> where = channelPlaces(narrow, wide);
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : wide.parameterShapes().entrySet()) {
      String name = e.getKey();
      Layer layer = wide.layer(name.substring(0, name.lastIndexOf('/')));
      INDArray old = trained.get(name);
      INDArray start = fresh.get(name);
      INDArray value;
      if (layer instanceof Layer.Conv conv && name.endsWith("/kernel")) {
        // [kH, kW, cIn, cOut]
        value = kernel(old, start, where.get(conv.input()), where.get(conv.name()), false);
      } else if (layer instanceof Layer.ConvTranspose t && name.endsWith("/kernel")) {
        // [kH, kW, cOut, cIn]
        value = kernel(old, start, where.get(t.input()), where.get(t.name()), true);
      } else if (layer instanceof Layer.BatchNorm bn) {
        value = vector(old, start, where.get(bn.input()));
      } else {
        value = vector(old, start, where.get(layer.name()));
      }
      out.put(name, value);
    }
    return ModelParameters.of(wide, out);
  }

  /**
   * For every tensor of {@code narrow}, where each of its channels sits in {@code wide}'s tensor of
   * the same name: a layer's own channels come first, so a conv's old channel c stays at c, and a
   * concatenation places each input's channels after the whole of the inputs before it, which may
   * have grown.
   */
  static Map<String, int[]> channelPlaces(Network narrow, Network wide) {
    requireSameLayers(narrow, wide);
    Map<String, Integer> oldChannels = narrow.channels();
    Map<String, Integer> newChannels = wide.channels();
    Map<String, int[]> places = new HashMap<>();
    places.put(Network.INPUT, identity(Network.INPUT_CHANNELS));
    for (Layer layer : wide.layers()) {
      String name = layer.name();
      int before = oldChannels.get(name);
      int after = newChannels.get(name);
      if (after < before) {
        throw new IllegalArgumentException(
            name
                + " would shrink from "
                + before
                + " to "
                + after
                + " channels: only widening"
                + " keeps what the network computes");
      }
      int[] place;
      if (layer instanceof Layer.Conv || layer instanceof Layer.ConvTranspose) {
        place = identity(before);
      } else if (layer instanceof Layer.Concat cat) {
        place = new int[before];
        int from = 0;
        int to = 0;
        for (String input : cat.inputs()) {
          for (int p : places.get(input)) {
            place[from++] = to + p;
          }
          to += newChannels.get(input);
        }
      } else {
        place = places.get(layer.inputs().get(0));
        for (String input : layer.inputs()) {
          if (!Arrays.equals(places.get(input), place)) {
            throw new IllegalArgumentException(
                name + " adds tensors whose channels moved differently; widen its inputs alike");
          }
        }
      }
      places.put(name, place);
    }
    return places;
  }

  private static void requireSameLayers(Network narrow, Network wide) {
    List<Layer> a = narrow.layers();
    List<Layer> b = wide.layers();
    boolean same = a.size() == b.size();
    for (int i = 0; same && i < a.size(); i++) {
      same = sameBesidesChannels(a.get(i), b.get(i));
    }
    if (!same) {
      throw new IllegalArgumentException(
          narrow.name() + " and " + wide.name() + " differ in more than channel counts");
    }
  }

  private static boolean sameBesidesChannels(Layer a, Layer b) {
    if (a instanceof Layer.Conv x && b instanceof Layer.Conv y) {
      return x.equals(
          new Layer.Conv(
              y.name(),
              y.input(),
              x.filters(),
              y.kernel(),
              y.stride(),
              y.pad(),
              y.bias(),
              y.dilation()));
    }
    if (a instanceof Layer.ConvTranspose x && b instanceof Layer.ConvTranspose y) {
      return x.equals(
          new Layer.ConvTranspose(
              y.name(), y.input(), x.filters(), y.kernel(), y.stride(), y.pad(), y.bias()));
    }
    return a.equals(b);
  }

  /**
   * A kernel with the trained weights between old channels, fresh ones into new channels, and zeros
   * from new channels into old ones.
   */
  private static INDArray kernel(
      INDArray trained, INDArray fresh, int[] inPlace, int[] outPlace, boolean transposed) {
    long[] shape = fresh.shape();
    long[] oldShape = trained.shape();
    int taps = (int) (shape[0] * shape[1]);
    int inAxis = transposed ? 3 : 2;
    int outAxis = transposed ? 2 : 3;
    int inNew = (int) shape[inAxis];
    int outNew = (int) shape[outAxis];
    int inOld = (int) oldShape[inAxis];
    int outOld = (int) oldShape[outAxis];
    float[] v = floats(fresh);
    float[] w = floats(trained);
    boolean[] oldIn = new boolean[inNew];
    for (int p : inPlace) {
      oldIn[p] = true;
    }
    for (int t = 0; t < taps; t++) {
      for (int i = 0; i < inNew; i++) {
        for (int o = 0; o < outOld; o++) {
          if (!oldIn[i]) {
            v[index(t, i, outPlace[o], inNew, outNew, transposed)] = 0f;
          }
        }
      }
      for (int i = 0; i < inOld; i++) {
        for (int o = 0; o < outOld; o++) {
          v[index(t, inPlace[i], outPlace[o], inNew, outNew, transposed)] =
              w[index(t, i, o, inOld, outOld, transposed)];
        }
      }
    }
    return Nd4j.create(v, shape, 'c').castTo(fresh.dataType());
  }

  /** Flat C-order index of tap t, input i, output o in a [kH, kW, in, out] (or [.., out, in]). */
  private static int index(int t, int i, int o, int ins, int outs, boolean transposed) {
    return transposed ? (t * outs + o) * ins + i : (t * ins + i) * outs + o;
  }

  /**
   * A per-channel vector (bias, batch-norm gamma, beta, statistics): old values in their places.
   */
  private static INDArray vector(INDArray trained, INDArray fresh, int[] place) {
    float[] v = floats(fresh);
    float[] w = floats(trained);
    for (int c = 0; c < w.length; c++) {
      v[place[c]] = w[c];
    }
    return Nd4j.create(v, fresh.shape(), 'c').castTo(fresh.dataType());
  }

  private static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }

  private static int[] identity(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    return p;
  }
}
