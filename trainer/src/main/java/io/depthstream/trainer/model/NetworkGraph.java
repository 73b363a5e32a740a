package io.depthstream.trainer.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.DeConv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * A {@link Network} turned into a SameDiff graph with placeholder {@link Network#INPUT} of shape
 * [N, 3, H, W] (dynamic N) and the depth output. In {@link Mode#TRAINING} batch norm uses batch
 * statistics and the graph exposes them; in {@link Mode#INFERENCE} it uses the running statistics.
 * Parameters are SameDiff variables named as in {@link ModelParameters}, holding the same arrays.
 */
public final class NetworkGraph {

  /** Which batch-norm statistics the graph uses. */
  public enum Mode {
    TRAINING,
    INFERENCE
  }

  private final SameDiff sd;
  private final SDVariable input;
  private final SDVariable output;
  private final List<String> batchNormLayers;

  private NetworkGraph(
      SameDiff sd, SDVariable input, SDVariable output, List<String> batchNormLayers) {
    this.sd = sd;
    this.input = input;
    this.output = output;
    this.batchNormLayers = batchNormLayers;
  }

  /** Builds the graph of {@code network} for {@code height × width} inputs. */
  public static NetworkGraph build(
      Network network, ModelParameters params, Mode mode, int height, int width) {
    Map<String, TensorShape> shapes = network.shapes(height, width);
    DataType type = params.dataType();
    SameDiff sd = SameDiff.create();
    Map<String, SDVariable> vars = new HashMap<>();
    for (Map.Entry<String, INDArray> e : params.asMap().entrySet()) {
      boolean needed =
          mode == Mode.INFERENCE || !BatchNormParameters.isRunningStatistic(e.getKey());
      if (needed) {
        vars.put(e.getKey(), sd.var(e.getKey(), e.getValue()));
      }
    }
    SDVariable input =
        sd.placeHolder(Network.INPUT, type, -1, Network.INPUT_CHANNELS, height, width);
    Map<String, SDVariable> t = new HashMap<>();
    t.put(Network.INPUT, input);
    List<String> bns = new ArrayList<>();
    for (Layer layer : network.layers()) {
      SDVariable x = t.get(layer.inputs().get(0));
      SDVariable y;
      if (layer instanceof Layer.Conv c && c.dilation() > 1) {
        SDVariable bias = c.bias() ? vars.get(c.name() + "/bias") : null;
        y =
            AtrousConvolution.apply(
                sd, c, x, vars.get(c.name() + "/kernel"), bias, shapes.get(c.input()));
      } else if (layer instanceof Layer.Conv c) {
        Conv2DConfig cfg =
            Conv2DConfig.builder()
                .kH(c.kernel())
                .kW(c.kernel())
                .sH(c.stride())
                .sW(c.stride())
                .pH(c.pad())
                .pW(c.pad())
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW)
                .build();
        SDVariable w = vars.get(c.name() + "/kernel");
        y =
            c.bias()
                ? sd.cnn().conv2d(c.name(), x, w, vars.get(c.name() + "/bias"), cfg)
                : sd.cnn().conv2d(c.name(), x, w, cfg);
      } else if (layer instanceof Layer.ConvTranspose d) {
        DeConv2DConfig cfg =
            DeConv2DConfig.builder()
                .kH(d.kernel())
                .kW(d.kernel())
                .sH(d.stride())
                .sW(d.stride())
                .pH(d.pad())
                .pW(d.pad())
                .dH(1)
                .dW(1)
                .isSameMode(false)
                .dataFormat(DeConv2DConfig.NCHW)
                .build();
        SDVariable w = vars.get(d.name() + "/kernel");
        y =
            d.bias()
                ? sd.cnn().deconv2d(d.name(), x, w, vars.get(d.name() + "/bias"), cfg)
                : sd.cnn().deconv2d(d.name(), x, w, cfg);
      } else if (layer instanceof Layer.BatchNorm b) {
        String p = b.name();
        SDVariable gamma = vars.get(p + BatchNormParameters.GAMMA);
        SDVariable beta = vars.get(p + BatchNormParameters.BETA);
        bns.add(p);
        y =
            mode == Mode.TRAINING
                ? BatchNormBlock.training(sd, p, x, gamma, beta, b.epsilon())
                : BatchNormBlock.inference(
                    sd,
                    p,
                    x,
                    gamma,
                    beta,
                    vars.get(p + BatchNormParameters.MOVING_MEAN),
                    vars.get(p + BatchNormParameters.MOVING_VARIANCE),
                    b.epsilon());
      } else if (layer instanceof Layer.Relu r) {
        y = sd.nn().relu(r.name(), x, 0.0);
      } else if (layer instanceof Layer.LeakyRelu r) {
        y = sd.nn().leakyRelu(r.name(), x, r.alpha());
      } else if (layer instanceof Layer.MaxPool p) {
        y =
            sd.cnn()
                .maxPooling2d(
                    p.name(),
                    x,
                    pooling(p.kernel(), p.stride(), p.pad(), Pooling2D.Pooling2DType.MAX));
      } else if (layer instanceof Layer.AvgPool p) {
        y =
            sd.cnn()
                .avgPooling2d(
                    p.name(), x, pooling(p.kernel(), p.stride(), 0, Pooling2D.Pooling2DType.AVG));
      } else if (layer instanceof Layer.Concat c) {
        SDVariable[] parts = c.inputs().stream().map(t::get).toArray(SDVariable[]::new);
        y = sd.concat(c.name(), 1, parts);
      } else if (layer instanceof Layer.Add a) {
        y = t.get(a.inputs().get(0));
        for (int i = 1; i < a.inputs().size(); i++) {
          SDVariable next = t.get(a.inputs().get(i));
          y = i == a.inputs().size() - 1 ? y.add(a.name(), next) : y.add(next);
        }
      } else if (layer instanceof Layer.Upsample u) {
        y = BilinearUpsampling.apply(sd, u.name(), x, shapes.get(u.input()), u.factor(), type);
      } else {
        throw new IllegalStateException("no SameDiff mapping for " + layer);
      }
      t.put(layer.name(), y);
    }
    return new NetworkGraph(sd, input, t.get(network.output()), Collections.unmodifiableList(bns));
  }

  private static Pooling2DConfig pooling(int k, int s, int pad, Pooling2D.Pooling2DType type) {
    return Pooling2DConfig.builder()
        .kH(k)
        .kW(k)
        .sH(s)
        .sW(s)
        .pH(pad)
        .pW(pad)
        .dH(1)
        .dW(1)
        .type(type)
        .divisor(Pooling2D.Divisor.EXCLUDE_PADDING)
        .paddingMode(PaddingMode.VALID)
        .isNHWC(false)
        .build();
  }

  public SameDiff sameDiff() {
    return sd;
  }

  public SDVariable input() {
    return input;
  }

  public SDVariable output() {
    return output;
  }

  /** Names of the batch-norm layers, whose batch statistics a training graph exposes. */
  public List<String> batchNormLayers() {
    return batchNormLayers;
  }
}
