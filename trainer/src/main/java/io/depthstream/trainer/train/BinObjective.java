package io.depthstream.trainer.train;

import io.depthstream.core.depth.DepthBins;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.trainer.model.TensorShape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Depth as per-pixel classification over core's {@link DepthBins}: targets are the bin each
 * ground-truth depth falls in ({@link DepthBins#label}: no depth, or beyond β, is ignored), the
 * loss is {@link BinCrossEntropy}, and predictions read back as the softmax expectation over the
 * bin centres ({@link DepthBins#decode}), the readout the exported bundle declares, so validation
 * scores what the service will serve.
 */
public record BinObjective(DepthBins bins) implements TrainingObjective {

  static final String ONE_HOT = "bin_one_hot";
  static final String MASK = "bin_mask";

  @Override
  public SDVariable addLoss(SameDiff sd, String name, SDVariable output, TensorShape out) {
    DataType type = output.dataType();
    SDVariable oneHot = sd.placeHolder(ONE_HOT, type, -1, bins.count(), out.height(), out.width());
    SDVariable mask = sd.placeHolder(MASK, type, -1, 1, out.height(), out.width());
    return BinCrossEntropy.build(sd, name, output, oneHot, mask);
  }

  @Override
  public Map<String, INDArray> targets(
      float[] groundTruth, int images, TensorShape out, DataType type) {
    int k = bins.count();
    int pixels = out.height() * out.width();
    int[] labels = labels(groundTruth, images, out);
    float[] oneHot = new float[images * k * pixels];
    float[] mask = new float[images * pixels];
    for (int n = 0; n < images; n++) {
      for (int p = 0; p < pixels; p++) {
        int label = labels[n * pixels + p];
        if (label != DepthBins.IGNORE) {
          oneHot[(n * k + label) * pixels + p] = 1f;
          mask[n * pixels + p] = 1f;
        }
      }
    }
    Map<String, INDArray> feed = new HashMap<>();
    feed.put(
        ONE_HOT,
        Nd4j.create(oneHot, new long[] {images, k, out.height(), out.width()}, DataType.FLOAT)
            .castTo(type));
    feed.put(
        MASK,
        Nd4j.create(mask, new long[] {images, 1, out.height(), out.width()}, DataType.FLOAT)
            .castTo(type));
    return feed;
  }

  /** Core's labels for each of {@code images} maps, concatenated. */
  int[] labels(float[] groundTruth, int images, TensorShape out) {
    int pixels = out.height() * out.width();
    int[] labels = new int[images * pixels];
    for (int n = 0; n < images; n++) {
      float[] one = new float[pixels];
      System.arraycopy(groundTruth, n * pixels, one, 0, pixels);
      int[] l = bins.label(new DepthImage(out.width(), out.height(), one));
      System.arraycopy(l, 0, labels, n * pixels, pixels);
    }
    return labels;
  }

  @Override
  public float[] depth(float[] output, int images, TensorShape out) {
    int k = bins.count();
    int pixels = out.height() * out.width();
    float[] probabilities = output.clone();
    for (int n = 0; n < images; n++) {
      for (int p = 0; p < pixels; p++) {
        softmax(probabilities, n * k * pixels + p, pixels, k);
      }
    }
    List<DepthImage> maps = bins.decode(probabilities, images, out.width(), out.height());
    float[] metres = new float[images * pixels];
    for (int n = 0; n < images; n++) {
      System.arraycopy(maps.get(n).metres(), 0, metres, n * pixels, pixels);
    }
    return metres;
  }

  /** Softmax in place over K values {@code stride} apart, shifted by the largest for safety. */
  static void softmax(float[] values, int offset, int stride, int k) {
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < k; i++) {
      max = Math.max(max, values[offset + i * stride]);
    }
    double sum = 0;
    for (int i = 0; i < k; i++) {
      double e = Math.exp((double) values[offset + i * stride] - max);
      values[offset + i * stride] = (float) e;
      sum += e;
    }
    for (int i = 0; i < k; i++) {
      values[offset + i * stride] = (float) (values[offset + i * stride] / sum);
    }
  }

  /** Log of each bin's share of the labelled pixels, add-one smoothed so no bin starts at −∞. */
  @Override
  public double[] startingBias(float[] groundTruth) {
    int k = bins.count();
    long[] counts = new long[k];
    long total = 0;
    for (float d : groundTruth) {
      if (DepthImage.isValid(d) && d <= (float) bins.beta()) {
        counts[bins.binOf(d)]++;
        total++;
      }
    }
    double[] bias = new double[k];
    for (int i = 0; i < k; i++) {
      bias[i] = Math.log((counts[i] + 1.0) / (total + k));
    }
    return bias;
  }
}
