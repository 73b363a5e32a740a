package io.depthstream.trainer.train;

import io.depthstream.trainer.model.TensorShape;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DenseDepth's objective: one output channel regressing {@code maxDepth/d} ({@link DepthTarget})
 * under one of the {@link DepthLoss} losses, with a validity mask.
 */
public record RegressionObjective(DepthTarget encoding, TrainingLoss loss)
    implements TrainingObjective {

  static final String TARGET = "target";
  static final String MASK = "mask";

  @Override
  public SDVariable addLoss(SameDiff sd, String name, SDVariable output, TensorShape out) {
    long[] shape = {-1, 1, out.height(), out.width()};
    SDVariable target = sd.placeHolder(TARGET, output.dataType(), shape);
    SDVariable mask = sd.placeHolder(MASK, output.dataType(), shape);
    return DepthLoss.build(sd, name, loss, output, target, mask, out.height(), out.width());
  }

  @Override
  public Map<String, INDArray> targets(
      float[] groundTruth, int images, TensorShape out, DataType type) {
    float[] target = new float[groundTruth.length];
    float[] mask = new float[groundTruth.length];
    encoding.encode(groundTruth, target, mask);
    long[] shape = {images, 1, out.height(), out.width()};
    Map<String, INDArray> feed = new HashMap<>();
    feed.put(TARGET, Nd4j.create(target, shape, DataType.FLOAT).castTo(type));
    feed.put(MASK, Nd4j.create(mask, shape, DataType.FLOAT).castTo(type));
    return feed;
  }

  @Override
  public float[] depth(float[] output, int images, TensorShape out) {
    float[] metres = new float[output.length];
    for (int i = 0; i < output.length; i++) {
      metres[i] = encoding.decode(output[i]);
    }
    return metres;
  }

  @Override
  public double[] startingBias(float[] groundTruth) {
    float[] target = new float[groundTruth.length];
    float[] mask = new float[groundTruth.length];
    encoding.encode(groundTruth, target, mask);
    double sum = 0;
    double count = 0;
    for (int i = 0; i < target.length; i++) {
      sum += target[i] * mask[i];
      count += mask[i];
    }
    return new double[] {count > 0 ? sum / count : 0};
  }
}
