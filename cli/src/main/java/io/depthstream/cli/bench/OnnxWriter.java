package io.depthstream.cli.bench;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a small float ONNX graph (IR 8, default-domain opset 17) by hand-encoding the protobuf
 * messages of {@code onnx/onnx.proto} (ModelProto 1 ir_version, 7 graph, 8 opset_import; GraphProto
 * 1 node, 2 name, 5 initializer, 11 input, 12 output; NodeProto 1 input, 2 output, 3 name, 4
 * op_type, 5 attribute; TensorProto 1 dims, 2 data_type, 8 name, 9 raw_data), so the benchmark can
 * make a model without protobuf, Python or the trainer.
 */
final class OnnxWriter {

  private static final int FLOAT = 1;
  private static final int ATTRIBUTE_INTS = 7;

  private final List<Proto> nodes = new ArrayList<>();
  private final List<Proto> initializers = new ArrayList<>();
  private final List<Proto> inputs = new ArrayList<>();
  private final List<Proto> outputs = new ArrayList<>();

  /** A float input or output; a negative dimension is the dynamic axis {@code batch}. */
  OnnxWriter input(String name, long... dims) {
    inputs.add(valueInfo(name, dims));
    return this;
  }

  OnnxWriter output(String name, long... dims) {
    outputs.add(valueInfo(name, dims));
    return this;
  }

  /** A float constant, little-endian raw data. */
  OnnxWriter initializer(String name, long[] dims, float[] values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      raw.putFloat(v);
    }
    initializers.add(
        new Proto().packed(1, dims).varint(2, FLOAT).string(8, name).bytes(9, raw.array()));
    return this;
  }

  /** A node whose attributes are all integer lists: name, long[], name, long[] ... */
  OnnxWriter node(String op, List<String> in, List<String> out, Object... attributes) {
    Proto node = new Proto();
    in.forEach(i -> node.string(1, i));
    out.forEach(o -> node.string(2, o));
    node.string(3, op + "_" + nodes.size()).string(4, op);
    for (int i = 0; i < attributes.length; i += 2) {
      node.message(
          5,
          new Proto()
              .string(1, (String) attributes[i])
              .packed(8, (long[]) attributes[i + 1])
              .varint(20, ATTRIBUTE_INTS));
    }
    nodes.add(node);
    return this;
  }

  byte[] toBytes(String graphName) {
    Proto graph = new Proto();
    nodes.forEach(n -> graph.message(1, n));
    graph.string(2, graphName);
    initializers.forEach(t -> graph.message(5, t));
    inputs.forEach(i -> graph.message(11, i));
    outputs.forEach(o -> graph.message(12, o));
    return new Proto()
        .varint(1, 8)
        .string(2, "depthstream-bench")
        .message(7, graph)
        .message(8, new Proto().string(1, "").varint(2, 17))
        .bytes();
  }

  private static Proto valueInfo(String name, long[] dims) {
    Proto shape = new Proto();
    for (long d : dims) {
      shape.message(1, d >= 0 ? new Proto().varint(1, d) : new Proto().string(2, "batch"));
    }
    Proto tensor = new Proto().varint(1, FLOAT).message(2, shape);
    return new Proto().string(1, name).message(2, new Proto().message(1, tensor));
  }

  /** The protobuf wire format: varints and length-delimited fields, in the order written. */
  private static final class Proto {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Proto varint(int field, long value) {
      raw((long) field << 3);
      raw(value);
      return this;
    }

    Proto string(int field, String value) {
      return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    Proto bytes(int field, byte[] value) {
      raw(((long) field << 3) | 2);
      raw(value.length);
      out.writeBytes(value);
      return this;
    }

    Proto message(int field, Proto nested) {
      return bytes(field, nested.bytes());
    }

    Proto packed(int field, long[] values) {
      Proto p = new Proto();
      for (long v : values) {
        p.raw(v);
      }
      return bytes(field, p.bytes());
    }

    byte[] bytes() {
      return out.toByteArray();
    }

    private void raw(long value) {
      while ((value & ~0x7FL) != 0) {
        out.write((int) ((value & 0x7F) | 0x80));
        value >>>= 7;
      }
      out.write((int) value);
    }
  }
}
