package io.depthstream.core.inference;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Arrays;
import java.util.Map;

/**
 * The input and output a session exposes, checked against the bundle's {@code model.json}: one
 * float image input whose fixed axes agree with the declared layout and size, and a float depth
 * output (the first output) of rank 3 or 4: one channel, or for {@code DEPTH_BINS} one channel per
 * declared bin, on the input layout's channel axis. A batch axis of -1 (symbolic) means any batch
 * size.
 *
 * @param inputName the session's input
 * @param outputName the session's depth output
 * @param fixedBatch the batch size the model insists on, or 0 when the batch axis is dynamic
 */
record ModelSignature(String inputName, String outputName, int fixedBatch) {

  static ModelSignature read(OrtSession session, ModelBundle bundle) throws OrtException {
    Map<String, NodeInfo> inputs = session.getInputInfo();
    if (inputs.size() != 1) {
      throw mismatch(
          bundle, "has inputs " + inputs.keySet() + ", the engine feeds exactly one image");
    }
    NodeInfo input = inputs.values().iterator().next();
    long[] shape = tensorShape(bundle, input, "input");
    ModelInput declared = bundle.input();
    long[] expected = declared.layout().shape(-1, declared.height(), declared.width());
    if (shape.length != 4) {
      throw mismatch(
          bundle,
          "input '"
              + input.getName()
              + "' has shape "
              + Arrays.toString(shape)
              + ", expected rank 4 "
              + declared.layout());
    }
    for (int axis = 1; axis < 4; axis++) {
      if (shape[axis] > 0 && shape[axis] != expected[axis]) {
        throw mismatch(
            bundle,
            "input '"
                + input.getName()
                + "' has shape "
                + Arrays.toString(shape)
                + " but model.json declares "
                + declared.layout()
                + " "
                + declared.width()
                + "x"
                + declared.height()
                + " (expected "
                + Arrays.toString(expected).replace("-1", "N")
                + "); fix input.width/height/layout in model.json or re-export the model");
      }
    }
    if (shape[0] > Integer.MAX_VALUE) {
      throw mismatch(bundle, "input batch axis " + shape[0] + " is too large");
    }
    NodeInfo output = session.getOutputInfo().values().iterator().next();
    long[] outShape = tensorShape(bundle, output, "output");
    if (outShape.length != 3 && outShape.length != 4) {
      throw mismatch(
          bundle,
          "output '"
              + output.getName()
              + "' has shape "
              + Arrays.toString(outShape)
              + ", expected a depth map [N,1,H,W], [N,H,W,1] or [N,H,W]");
    }
    if (bundle.output().kind() == OutputKind.DEPTH_BINS) {
      checkBinChannels(bundle, output.getName(), outShape, bundle.output().bins().bins().count());
    } else if (outShape.length == 4 && outShape[1] > 1 && outShape[3] > 1) {
      throw mismatch(
          bundle,
          "output '"
              + output.getName()
              + "' has shape "
              + Arrays.toString(outShape)
              + ": more than one channel; the engine reads a single depth channel");
    }
    return new ModelSignature(input.getName(), output.getName(), (int) Math.max(shape[0], 0));
  }

  /**
   * A depth-bins output has one channel per bin on the channel axis of the input's layout: {@code
   * [N,K,h,w]} for NCHW, {@code [N,h,w,K]} for NHWC. Tying it to the layout, rather than accepting
   * K on either axis, keeps a 4×4 map of 3 bins from passing for 4 bins laid out the other way. A
   * symbolic channel axis is left for the run-time shape check.
   */
  private static void checkBinChannels(ModelBundle bundle, String name, long[] shape, int count) {
    TensorLayout layout = bundle.input().layout();
    int axis = layout == TensorLayout.NHWC ? 3 : 1;
    if (shape.length != 4 || (shape[axis] >= 0 && shape[axis] != count)) {
      throw mismatch(
          bundle,
          "output '"
              + name
              + "' has shape "
              + Arrays.toString(shape)
              + " but model.json declares output.bins.count = "
              + count
              + " with "
              + layout
              + " input, so expected "
              + count
              + " channels as "
              + (layout == TensorLayout.NHWC ? "[N,h,w," + count + "]" : "[N," + count + ",h,w]")
              + "; set output.bins.count to the model's number of bins or re-export the model");
    }
  }

  private static long[] tensorShape(ModelBundle bundle, NodeInfo node, String role) {
    if (!(node.getInfo() instanceof TensorInfo info) || info.type != OnnxJavaType.FLOAT) {
      throw mismatch(
          bundle,
          role + " '" + node.getName() + "' is " + node.getInfo() + ", expected a float tensor");
    }
    return info.getShape();
  }

  private static ModelBundleException mismatch(ModelBundle bundle, String problem) {
    return new ModelBundleException(bundle.modelFile() + " (" + bundle.label() + "): " + problem);
  }
}
