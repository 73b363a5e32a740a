package io.depthstream.core.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an ONNX {@code ModelProto} (IR version 8, default-domain opset 17) by hand-encoding the
 * protobuf messages of {@code onnx.proto}: ModelProto, GraphProto, NodeProto, AttributeProto,
 * TensorProto, ValueInfoProto with TypeProto.Tensor and TensorShapeProto, OperatorSetIdProto. Field
 * numbers are those of {@code onnx/onnx.proto}. Float tensors only: enough for the test models and
 * for {@code bench}'s plumbing model, made without protobuf, Python or the trainer.
 */
public final class OnnxGraph {

  public static final long IR_VERSION = 8;
  public static final long OPSET = 17;

  private static final int FLOAT = 1;
  private static final int ATTRIBUTE_INT = 2;
  private static final int ATTRIBUTE_INTS = 7;

  private final String name;
  private final List<ProtoWriter> nodes = new ArrayList<>();
  private final List<ProtoWriter> initializers = new ArrayList<>();
  private final List<ProtoWriter> inputs = new ArrayList<>();
  private final List<ProtoWriter> outputs = new ArrayList<>();

  /**
   * @param name the graph's name
   */
  public OnnxGraph(String name) {
    this.name = name;
  }

  /**
   * A float graph input; a dimension below zero becomes a symbolic (dynamic) axis: {@code batch}
   * for axis 0, otherwise a name of its own.
   */
  public OnnxGraph input(String tensor, long... dims) {
    inputs.add(valueInfo(tensor, dims, "in"));
    return this;
  }

  public OnnxGraph output(String tensor, long... dims) {
    outputs.add(valueInfo(tensor, dims, "out"));
    return this;
  }

  /** A constant float tensor (weights), stored as little-endian raw data. */
  public OnnxGraph initializer(String tensor, long[] dims, float... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    ProtoWriter t = new ProtoWriter();
    t.packedVarints(1, dims); // dims
    t.varint(2, FLOAT); // data_type
    t.string(8, tensor); // name
    t.bytes(9, raw.array()); // raw_data
    initializers.add(t);
    return this;
  }

  /** A node; {@code attributes} alternate name and value, a value being a Long or a long[]. */
  public OnnxGraph node(String opType, List<String> in, List<String> out, Object... attributes) {
    ProtoWriter node = new ProtoWriter();
    in.forEach(i -> node.string(1, i));
    out.forEach(o -> node.string(2, o));
    node.string(3, opType + "_" + nodes.size());
    node.string(4, opType);
    for (int i = 0; i < attributes.length; i += 2) {
      ProtoWriter attribute = new ProtoWriter().string(1, (String) attributes[i]);
      if (attributes[i + 1] instanceof long[] ints) {
        attribute.packedVarints(8, ints).varint(20, ATTRIBUTE_INTS);
      } else {
        attribute.varint(3, (Long) attributes[i + 1]).varint(20, ATTRIBUTE_INT);
      }
      node.message(5, attribute);
    }
    nodes.add(node);
    return this;
  }

  public byte[] toModelBytes() {
    ProtoWriter graph = new ProtoWriter();
    nodes.forEach(n -> graph.message(1, n));
    graph.string(2, name);
    initializers.forEach(t -> graph.message(5, t));
    inputs.forEach(i -> graph.message(11, i));
    outputs.forEach(o -> graph.message(12, o));
    ProtoWriter model = new ProtoWriter();
    model.varint(1, IR_VERSION);
    model.string(2, "depthstream"); // producer_name
    model.message(7, graph);
    model.message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
    return model.toByteArray();
  }

  private static ProtoWriter valueInfo(String tensor, long[] dims, String prefix) {
    ProtoWriter shape = new ProtoWriter();
    for (int i = 0; i < dims.length; i++) {
      ProtoWriter dim = new ProtoWriter();
      if (dims[i] >= 0) {
        dim.varint(1, dims[i]); // dim_value
      } else {
        // Axis 0 is the batch, shared by inputs and outputs; other dynamic axes are distinct.
        dim.string(2, i == 0 ? "batch" : prefix + i); // dim_param
      }
      shape.message(1, dim);
    }
    ProtoWriter tensorType = new ProtoWriter().varint(1, FLOAT).message(2, shape);
    ProtoWriter type = new ProtoWriter().message(1, tensorType);
    return new ProtoWriter().string(1, tensor).message(2, type);
  }
}
