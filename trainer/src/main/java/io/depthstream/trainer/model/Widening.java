package io.depthstream.trainer.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Function-preserving widening: a trained network's weights carried into the same network with more
 * channels in some layers (a wider DenseDepth decoder), so that the wider network starts out
 * computing exactly what the trained one computes and training adds capacity instead of starting
 * again from random weights. Net2WiderNet (Chen, Goodfellow and Shlens, arXiv 1511.05641), in two
 * forms; in both every layer keeps its old channels first and appends the new ones.
 *
 * <ul>
 *   <li>{@link Form#COPY}: each new channel copies an old one of its layer (incoming weights, bias,
 *       batch-norm values), and a layer that reads a channel and its copies shares the old outgoing
 *       weight among them in random proportions that sum to one. The output is unchanged and the
 *       new channels take part from the first step; the unequal shares give the copies different
 *       gradients, where Net2Net's equal halves would need noise to tell them apart.
 *   <li>{@link Form#ZERO}: new channels start from fresh weights and the weights from a new channel
 *       into an old one are zero. The output is unchanged, but the new channels enter only as fast
 *       as the optimiser moves those zeros: at a fine-tuning rate, hardly at all in 2,000 steps
 *       (models/README.md, {@code w256}).
 * </ul>
 *
 * <p>Pure in the sense that matters: the inputs are not modified, and the result depends only on
 * them and the seed.
 */
public final class Widening {

  private Widening() {}

  /** How new channels start. */
  public enum Form {
    COPY,
    ZERO;

    /** The option value, e.g. {@code copy}. */
    public String id() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The form with this option value. */
    public static Form fromId(String id) {
      for (Form f : values()) {
        if (f.id().equals(id)) {
          return f;
        }
      }
      throw new IllegalArgumentException("--widen must be copy or zero, got '" + id + "'");
    }
  }

  /**
   * What each channel of a wide tensor stands for: the old channel it holds or copies ({@code
   * source}, -1 for a fresh channel of the zero form) and its share of that old channel's outgoing
   * weights (the shares of an old channel's members sum to one).
   */
  record Channels(int[] source, float[] share) {}

  /**
   * {@code trained}'s values carried into {@code wide}, a network with the same layers as {@code
   * narrow} and at least as many channels in each; {@code fresh} supplies the zero form's new
   * channels, {@code seed} the copy form's choice of shares.
   *
   * @throws IllegalArgumentException when the two networks differ in anything but channel counts,
   *     or {@code wide} has fewer channels somewhere
   */
  public static ModelParameters widen(
      Network narrow,
      ModelParameters trained,
      Network wide,
      ModelParameters fresh,
      Form form,
      long seed) {
    Map<String, Channels> channels = channels(narrow, wide, form, seed);
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : wide.parameterShapes().entrySet()) {
      String name = e.getKey();
      Layer layer = wide.layer(name.substring(0, name.lastIndexOf('/')));
      INDArray old = trained.get(name);
      INDArray start = fresh.get(name);
      INDArray value;
      if (layer instanceof Layer.Conv conv && name.endsWith("/kernel")) {
        // [kH, kW, cIn, cOut]
        value = kernel(old, start, channels.get(conv.input()), channels.get(conv.name()), false);
      } else if (layer instanceof Layer.ConvTranspose t && name.endsWith("/kernel")) {
        // [kH, kW, cOut, cIn]
        value = kernel(old, start, channels.get(t.input()), channels.get(t.name()), true);
      } else if (layer instanceof Layer.BatchNorm bn) {
        value = vector(old, start, channels.get(bn.input()));
      } else {
        value = vector(old, start, channels.get(layer.name()));
      }
      out.put(name, value);
    }
    return ModelParameters.of(wide, out);
  }

  /**
   * For every tensor of {@code wide}, what each channel stands for. A conv's first channels are its
   * old ones; the copy form's new channels copy old ones in turn (0, 1, … and round again); a
   * concatenation lays its inputs' channels after one another, old indices offset by the old widths
   * of the inputs before; other layers keep their input's channels.
   */
  static Map<String, Channels> channels(Network narrow, Network wide, Form form, long seed) {
    requireSameLayers(narrow, wide);
    Random random = new Random(seed);
    Map<String, Integer> oldWidths = narrow.channels();
    Map<String, Integer> newWidths = wide.channels();
    Map<String, Channels> channels = new HashMap<>();
    channels.put(Network.INPUT, unchanged(Network.INPUT_CHANNELS));
    for (Layer layer : wide.layers()) {
      String name = layer.name();
      int before = oldWidths.get(name);
      int after = newWidths.get(name);
      if (after < before) {
        throw new IllegalArgumentException(
            name
                + " would shrink from "
                + before
                + " to "
                + after
                + " channels: only widening keeps what the network computes");
      }
      Channels c;
      if (layer instanceof Layer.Conv || layer instanceof Layer.ConvTranspose) {
        c = grown(before, after, form, random);
      } else if (layer instanceof Layer.Concat cat) {
        int[] source = new int[after];
        float[] share = new float[after];
        int at = 0;
        int offset = 0;
        for (String input : cat.inputs()) {
          Channels in = channels.get(input);
          for (int k = 0; k < in.source().length; k++, at++) {
            source[at] = in.source()[k] < 0 ? -1 : offset + in.source()[k];
            share[at] = in.share()[k];
          }
          offset += oldWidths.get(input);
        }
        c = new Channels(source, share);
      } else {
        c = channels.get(layer.inputs().get(0));
        for (String input : layer.inputs()) {
          Channels other = channels.get(input);
          if (!Arrays.equals(other.source(), c.source())
              || !Arrays.equals(other.share(), c.share())) {
            throw new IllegalArgumentException(
                name + " adds tensors whose channels grew differently; widen its inputs alike");
          }
        }
      }
      channels.put(name, c);
    }
    return channels;
  }

  /** A layer's own channels, {@code before} old ones then new ones. */
  private static Channels grown(int before, int after, Form form, Random random) {
    int[] source = new int[after];
    float[] share = new float[after];
    for (int c = 0; c < after; c++) {
      source[c] = c < before ? c : form == Form.COPY ? (c - before) % before : -1;
      share[c] = 1f;
    }
    if (form == Form.COPY && after > before) {
      // unequal shares, drawn from [0.5, 1.5) and scaled to sum to one over an old channel's copies
      double[] sum = new double[before];
      double[] draw = new double[after];
      for (int c = 0; c < after; c++) {
        draw[c] = 0.5 + random.nextDouble();
        sum[source[c]] += draw[c];
      }
      for (int c = 0; c < after; c++) {
        share[c] = (float) (draw[c] / sum[source[c]]);
      }
    }
    return new Channels(source, share);
  }

  private static Channels unchanged(int n) {
    int[] source = new int[n];
    float[] share = new float[n];
    for (int c = 0; c < n; c++) {
      source[c] = c;
      share[c] = 1f;
    }
    return new Channels(source, share);
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
   * A wide kernel: into a fresh output channel, the fresh weights; into any other, from a fresh
   * input channel zero, and from any other the old weight between the two sources times the input
   * channel's share.
   */
  private static INDArray kernel(
      INDArray trained, INDArray fresh, Channels in, Channels out, boolean transposed) {
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
    for (int t = 0; t < taps; t++) {
      for (int o = 0; o < outNew; o++) {
        int so = out.source()[o];
        if (so < 0) {
          continue;
        }
        for (int i = 0; i < inNew; i++) {
          int si = in.source()[i];
          v[index(t, i, o, inNew, outNew, transposed)] =
              si < 0 ? 0f : w[index(t, si, so, inOld, outOld, transposed)] * in.share()[i];
        }
      }
    }
    return Nd4j.create(v, shape, 'c').castTo(fresh.dataType());
  }

  /** Flat C-order index of tap t, input i, output o in a [kH, kW, in, out] (or [.., out, in]). */
  private static int index(int t, int i, int o, int ins, int outs, boolean transposed) {
    return transposed ? (t * outs + o) * ins + i : (t * ins + i) * outs + o;
  }

  /** A per-channel vector (bias, batch-norm gamma, beta, statistics): each channel its source's. */
  private static INDArray vector(INDArray trained, INDArray fresh, Channels channels) {
    float[] v = floats(fresh);
    float[] w = floats(trained);
    for (int c = 0; c < v.length; c++) {
      int s = channels.source()[c];
      if (s >= 0) {
        v[c] = w[s];
      }
    }
    return Nd4j.create(v, fresh.shape(), 'c').castTo(fresh.dataType());
  }

  private static float[] floats(INDArray a) {
    return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
  }
}
