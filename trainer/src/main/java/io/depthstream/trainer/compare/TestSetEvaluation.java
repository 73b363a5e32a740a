package io.depthstream.trainer.compare;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.metrics.DepthEvaluator;
import io.depthstream.core.metrics.DepthMetrics;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.trainer.data.DepthDataset;
import io.depthstream.trainer.data.DepthSample;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Scores one exported model bundle on the test set the way the service would run it: ONNX Runtime
 * on the CPU through {@link DepthEstimator}, one frame per call, each prediction (upsampled by the
 * estimator to the frame's size) scored against the frame's ground truth under one protocol. The
 * wall time of every {@code predict} call (preprocess, inference, postprocess) is kept, after one
 * untimed warm-up frame; the median is the model's ms/frame, robust against the odd frame that
 * waited for a busy CPU.
 *
 * @param intraOpThreads ONNX Runtime threads per operator; 0 lets it choose (one per core)
 * @param keep indices of the test frames whose predictions are kept for the qualitative grid
 */
record TestSetEvaluation(EvaluationProtocol protocol, int intraOpThreads, int[] keep) {

  TestSetEvaluation {
    Objects.requireNonNull(protocol, "protocol");
    keep = keep.clone();
  }

  /** Test-set scores of one model, its median milliseconds per frame and the kept predictions. */
  record Outcome(
      DepthMetrics metrics, long images, double msPerFrame, Map<Integer, DepthImage> kept) {}

  Outcome run(ModelBundle bundle, DepthDataset test) {
    EngineOptions options = new EngineOptions(DeviceChoice.CPU, 0, intraOpThreads, 1, 1, false);
    MetricsAccumulator metrics = new MetricsAccumulator();
    double[] millis = new double[test.size()];
    Map<Integer, DepthImage> kept = new LinkedHashMap<>();
    try (DepthEstimator estimator = DepthEstimator.open(bundle, options)) {
      estimator.predict(test.sample(0).rgb()); // warm-up: first-run allocations are not the model
      for (int i = 0; i < test.size(); i++) {
        DepthSample sample = test.sample(i);
        long t0 = System.nanoTime();
        DepthImage prediction = estimator.predict(sample.rgb()).depth();
        millis[i] = (System.nanoTime() - t0) / 1e6;
        metrics.add(DepthEvaluator.evaluate(prediction, sample.depth(), protocol));
        int index = i;
        if (Arrays.stream(keep).anyMatch(k -> k == index)) {
          kept.put(i, prediction);
        }
      }
    }
    return new Outcome(metrics.mean(), metrics.count(), median(millis), kept);
  }

  /** The median of {@code values} (mean of the middle two for an even count); NaN when empty. */
  static double median(double[] values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
