package io.depthstream.trainer.export;

import io.depthstream.trainer.model.BatchNormParameters;
import io.depthstream.trainer.model.Layer;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.TensorShape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Writes a trained {@link Network} as an ONNX model (opset 17) for inference: input {@value
 * Network#INPUT} float [batch, 3, H, W] with a dynamic batch, output {@value #OUTPUT} float [batch,
 * C, H', W'] (C = 1 for depth regression, K bin logits for a classification head). Batch norm
 * becomes BatchNormalization with the running statistics, bilinear upsampling becomes Resize
 * (linear, half_pixel), kernels are transposed from SameDiff's [kH, kW, cIn, cOut] to ONNX's OIHW.
 * The graph is written from the same layer list SameDiff runs, so the two agree by construction;
 * the export test checks it numerically with ONNX Runtime.
 */
public final class OnnxExporter {

  /** Name of the depth output tensor. */
  public static final String OUTPUT = "depth";

  /** ONNX operator set written. */
  public static final int OPSET = 17;

  private static final long IR_VERSION = 8;
  private static final String BATCH = "batch";

  private OnnxExporter() {}

  /** The ONNX model for {@code network} with {@code params} at input {@code height × width}. */
  public static Onnx.ModelProto export(
      Network network, ModelParameters params, int height, int width, String producerVersion) {
    Map<String, TensorShape> shapes = network.shapes(height, width);
    for (Layer layer : network.layers()) {
      if (layer.name().equals(OUTPUT)) {
        throw new IllegalArgumentException(
            network.name()
                + " has a layer named '"
                + OUTPUT
                + "', the name of the exported output");
      }
    }
    Onnx.GraphProto.Builder g = Onnx.GraphProto.newBuilder().setName(network.name());
    g.addInput(valueInfo(Network.INPUT, shapes.get(Network.INPUT)));
    g.addOutput(valueInfo(OUTPUT, shapes.get(network.output())));
    for (Layer layer : network.layers()) {
      addLayer(g, layer, params);
    }
    g.addNode(node("Identity", "output", List.of(network.output()), OUTPUT));
    return Onnx.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("depthstream-trainer")
        .setProducerVersion(producerVersion)
        .setDomain("io.depthstream")
        .setModelVersion(1)
        .setDocString(network.name() + " exported by depthstream; input RGB/255 NCHW")
        .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(g)
        .build();
  }

  private static void addLayer(Onnx.GraphProto.Builder g, Layer layer, ModelParameters params) {
    String in = layer.inputs().get(0);
    String out = layer.name();
    if (layer instanceof Layer.Conv c) {
      String w = c.name() + "/kernel";
      g.addInitializer(tensor(w, toOnnxKernel(params.get(w))));
      List<String> inputs = c.bias() ? List.of(in, w, bias(g, c.name(), params)) : List.of(in, w);
      g.addNode(
          node("Conv", out, inputs, out)
              .addAttribute(ints("kernel_shape", c.kernel(), c.kernel()))
              .addAttribute(ints("strides", c.stride(), c.stride()))
              .addAttribute(ints("pads", c.pad(), c.pad(), c.pad(), c.pad()))
              .addAttribute(ints("dilations", c.dilation(), c.dilation()))
              .addAttribute(integer("group", 1)));
    } else if (layer instanceof Layer.ConvTranspose t) {
      // SameDiff's deconv2d kernel is [kH, kW, cOut, cIn]; ONNX ConvTranspose wants [cIn, cOut, kH,
      // kW]
      String w = t.name() + "/kernel";
      g.addInitializer(tensor(w, toOnnxKernel(params.get(w))));
      List<String> inputs = t.bias() ? List.of(in, w, bias(g, t.name(), params)) : List.of(in, w);
      g.addNode(
          node("ConvTranspose", out, inputs, out)
              .addAttribute(ints("kernel_shape", t.kernel(), t.kernel()))
              .addAttribute(ints("strides", t.stride(), t.stride()))
              .addAttribute(ints("pads", t.pad(), t.pad(), t.pad(), t.pad()))
              .addAttribute(ints("dilations", 1, 1))
              .addAttribute(integer("group", 1)));
    } else if (layer instanceof Layer.BatchNorm b) {
      List<String> inputs = new ArrayList<>();
      inputs.add(in);
      for (String suffix : BatchNormParameters.SUFFIXES) {
        String name = b.name() + suffix;
        g.addInitializer(tensor(name, params.get(name)));
        inputs.add(name);
      }
      g.addNode(
          node("BatchNormalization", out, inputs, out)
              .addAttribute(real("epsilon", (float) b.epsilon())));
    } else if (layer instanceof Layer.Relu) {
      g.addNode(node("Relu", out, List.of(in), out));
    } else if (layer instanceof Layer.LeakyRelu r) {
      g.addNode(
          node("LeakyRelu", out, List.of(in), out).addAttribute(real("alpha", (float) r.alpha())));
    } else if (layer instanceof Layer.MaxPool p) {
      g.addNode(
          node("MaxPool", out, List.of(in), out)
              .addAttribute(ints("kernel_shape", p.kernel(), p.kernel()))
              .addAttribute(ints("strides", p.stride(), p.stride()))
              .addAttribute(ints("pads", p.pad(), p.pad(), p.pad(), p.pad())));
    } else if (layer instanceof Layer.AvgPool p) {
      g.addNode(
          node("AveragePool", out, List.of(in), out)
              .addAttribute(ints("kernel_shape", p.kernel(), p.kernel()))
              .addAttribute(ints("strides", p.stride(), p.stride())));
    } else if (layer instanceof Layer.Concat c) {
      g.addNode(node("Concat", out, c.inputs(), out).addAttribute(integer("axis", 1)));
    } else if (layer instanceof Layer.Add a) {
      g.addNode(node("Sum", out, a.inputs(), out));
    } else if (layer instanceof Layer.Upsample u) {
      String scales = u.name() + "/scales";
      g.addInitializer(
          Onnx.TensorProto.newBuilder()
              .setName(scales)
              .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE)
              .addDims(4)
              .setRawData(
                  ByteString.copyFrom(littleEndian(new float[] {1, 1, u.factor(), u.factor()}))));
      g.addNode(
          node("Resize", out, List.of(in, "", scales), out)
              .addAttribute(text("mode", "linear"))
              .addAttribute(text("coordinate_transformation_mode", "half_pixel")));
    } else {
      throw new IllegalStateException("no ONNX mapping for " + layer);
    }
  }

  /**
   * A conv or transposed-conv kernel in ONNX's layout: SameDiff's [kH, kW, a, b] becomes [b, a, kH,
   * kW] (OIHW for a conv, [cIn, cOut, kH, kW] for a transposed one).
   */
  static INDArray toOnnxKernel(INDArray kernel) {
    return kernel.permute(3, 2, 0, 1);
  }

  /** The inverse of {@link #toOnnxKernel}, for reading an exported kernel back. */
  static INDArray fromOnnxKernel(INDArray kernel) {
    return kernel.permute(2, 3, 1, 0).dup('c');
  }

  private static String bias(Onnx.GraphProto.Builder g, String layer, ModelParameters params) {
    String b = layer + "/bias";
    g.addInitializer(tensor(b, params.get(b)));
    return b;
  }

  private static Onnx.NodeProto.Builder node(
      String op, String name, List<String> inputs, String output) {
    return Onnx.NodeProto.newBuilder()
        .setOpType(op)
        .setName(name)
        .addAllInput(inputs)
        .addOutput(output);
  }

  private static Onnx.TensorProto tensor(String name, INDArray array) {
    INDArray a = array.castTo(DataType.FLOAT).dup('c');
    Onnx.TensorProto.Builder t =
        Onnx.TensorProto.newBuilder()
            .setName(name)
            .setDataType(Onnx.TensorProto.DataType.FLOAT_VALUE);
    for (long d : a.shape()) {
      t.addDims(d);
    }
    return t.setRawData(ByteString.copyFrom(littleEndian(a.data().asFloat()))).build();
  }

  private static byte[] littleEndian(float[] values) {
    ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(values);
    return buf.array();
  }

  private static Onnx.ValueInfoProto valueInfo(String name, TensorShape shape) {
    Onnx.TensorShapeProto.Builder dims =
        Onnx.TensorShapeProto.newBuilder()
            .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(BATCH));
    for (long d : new long[] {shape.channels(), shape.height(), shape.width()}) {
      dims.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return Onnx.ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            Onnx.TypeProto.newBuilder()
                .setTensorType(
                    Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT_VALUE)
                        .setShape(dims)))
        .build();
  }

  private static Onnx.AttributeProto ints(String name, long... values) {
    Onnx.AttributeProto.Builder a =
        Onnx.AttributeProto.newBuilder()
            .setName(name)
            .setType(Onnx.AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  private static Onnx.AttributeProto integer(String name, long value) {
    return Onnx.AttributeProto.newBuilder()
        .setName(name)
        .setType(Onnx.AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  private static Onnx.AttributeProto real(String name, float value) {
    return Onnx.AttributeProto.newBuilder()
        .setName(name)
        .setType(Onnx.AttributeProto.AttributeType.FLOAT)
        .setF(value)
        .build();
  }

  private static Onnx.AttributeProto text(String name, String value) {
    return Onnx.AttributeProto.newBuilder()
        .setName(name)
        .setType(Onnx.AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }
}
