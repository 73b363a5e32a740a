package io.depthstream.trainer.train;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.metrics.DepthEvaluator;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.metrics.MetricsAccumulator;
import io.depthstream.trainer.model.BatchNormBlock;
import io.depthstream.trainer.model.BatchNormParameters;
import io.depthstream.trainer.model.Layer;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.Network;
import io.depthstream.trainer.model.NetworkGraph;
import io.depthstream.trainer.model.TensorShape;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains one model on {@link Batch}es: builds the training graph (batch-statistics BN + loss) once,
 * takes Adam steps, keeps the BN running statistics, and scores the model in inference mode with
 * the core depth metrics. What the output means (depth regression or bin logits) is the {@link
 * TrainingObjective}'s business, so both kinds of head train and score the same way.
 */
public final class Trainer {

  private static final String LOSS = "loss";

  private final ModelConfig config;
  private final Network network;
  private final ModelParameters params;
  private final TrainingLoss loss;
  private final AdamOptimizer adam;
  private final double bnMomentum;
  private final TrainingObjective objective;
  private final TensorShape output;
  private final NetworkGraph training;
  private final List<String> trainable;
  private final Map<String, Long> bnPixels = new HashMap<>();
  private NetworkGraph inference;

  /**
   * @param bnMomentum weight of the old running statistic in each update (Keras: 0.99)
   * @throws IllegalArgumentException when {@code loss} does not fit the config's head
   */
  public Trainer(
      ModelConfig config,
      ModelParameters params,
      TrainingLoss loss,
      AdamOptimizer adam,
      double bnMomentum) {
    this.config = config;
    this.network = config.network();
    this.params = params;
    this.loss = loss;
    this.adam = adam;
    this.bnMomentum = bnMomentum;
    this.objective = TrainingObjective.of(config, loss);
    this.output = config.outputShape();
    this.trainable = network.trainableParameters();
    this.training =
        NetworkGraph.build(
            network, params, NetworkGraph.Mode.TRAINING, config.height(), config.width());
    addLoss(training);
    deriveGradientsQuietly(training.sameDiff(), trainable);
  }

  /**
   * Derives the gradient graph once, up front. SameDiff 1.0.0-M2.1 prints a line per op to
   * System.out while doing so (hundreds for a DenseNet), which would bury the progress bar.
   */
  private static void deriveGradientsQuietly(SameDiff sd, List<String> trainable) {
    PrintStream stdout = System.out;
    synchronized (System.class) {
      System.setOut(new PrintStream(OutputStream.nullOutputStream()));
      try {
        sd.createGradFunction(trainable.toArray(String[]::new));
      } finally {
        System.setOut(stdout);
      }
    }
  }

  private SDVariable addLoss(NetworkGraph g) {
    SameDiff sd = g.sameDiff();
    SDVariable loss = objective.addLoss(sd, LOSS, g.output(), output);
    sd.setLossVariables(loss);
    return loss;
  }

  public ModelConfig config() {
    return config;
  }

  /** The training graph (batch-statistics BN and the loss), for profiling its ops. */
  SameDiff trainingGraph() {
    return training.sameDiff();
  }

  public ModelParameters parameters() {
    return params;
  }

  public AdamOptimizer optimiser() {
    return adam;
  }

  public TrainingLoss loss() {
    return loss;
  }

  /** What the output is trained towards and how it reads as metres. */
  public TrainingObjective objective() {
    return objective;
  }

  /**
   * Sets the output biases so a fresh network starts at the typical depth of {@code batch} (the
   * mean encoded target; for bins, each bin's log share) instead of spending its first thousand
   * Adam steps getting there. The biases are those of the convs that make the output, through
   * upsampling and sums: DeepLab's ASPP branches share the starting value equally. Does nothing
   * when those convs have no bias.
   */
  public void startAtMeanDepth(Batch batch) {
    List<String> biases = new ArrayList<>();
    collectOutputBiases(network.output(), biases);
    if (biases.isEmpty()) {
      return;
    }
    double[] start = objective.startingBias(groundTruth(batch));
    INDArray value = Nd4j.createFromArray(start).div(biases.size()).castTo(params.dataType());
    for (String bias : biases) {
      params.get(bias).assign(value);
    }
  }

  private void collectOutputBiases(String layerName, List<String> biases) {
    Layer layer = network.layer(layerName);
    if (layer instanceof Layer.Upsample u) {
      collectOutputBiases(u.input(), biases);
    } else if (layer instanceof Layer.Add add) {
      add.inputs().forEach(in -> collectOutputBiases(in, biases));
    } else if (params.asMap().containsKey(layerName + "/bias")
        && !network.zeroStart().contains(layerName)) {
      // a residual that starts at zero stays so: the mean goes to the path it is added to
      biases.add(layerName + "/bias");
    }
  }

  /** One optimiser step on {@code batch}; returns the loss before the step. */
  public double step(Batch batch) {
    SameDiff sd = training.sameDiff();
    sync(sd);
    Map<String, INDArray> feed = feed(batch);
    List<String> outputs = new ArrayList<>();
    outputs.add(LOSS);
    for (String bn : training.batchNormLayers()) {
      outputs.add(bn + BatchNormBlock.BATCH_MEAN);
      outputs.add(bn + BatchNormBlock.BATCH_VARIANCE);
    }
    OutAndGrad result = sd.calculateGradientsAndOutputs(feed, outputs, trainable);
    double loss = result.getOutputs().get(LOSS).getDouble(0);
    if (!Double.isFinite(loss)) {
      throw new IllegalStateException(
          "training diverged at step "
              + (adam.iterations() + 1)
              + " (loss "
              + loss
              + "); lower the learning rate (--lr) or check the data for broken depth maps");
    }
    adam.apply(params.asMap(), result.getGradients());
    updateRunningStatistics(result.getOutputs(), batch.size());
    return loss;
  }

  private void updateRunningStatistics(Map<String, INDArray> outputs, int images) {
    for (String bn : training.batchNormLayers()) {
      INDArray mean = outputs.get(bn + BatchNormBlock.BATCH_MEAN);
      INDArray variance = outputs.get(bn + BatchNormBlock.BATCH_VARIANCE);
      long c = mean.length();
      INDArray runningMean = params.get(bn + BatchNormParameters.MOVING_MEAN);
      INDArray runningVar = params.get(bn + BatchNormParameters.MOVING_VARIANCE);
      long n = batchNormCount(bn, images);
      // unbiased variance for the running estimate, as Keras/TF do
      double bessel = n > 1 ? (double) n / (n - 1) : 1.0;
      runningMean.muli(bnMomentum).addi(mean.reshape(c).mul(1 - bnMomentum));
      runningVar.muli(bnMomentum).addi(variance.reshape(c).mul((1 - bnMomentum) * bessel));
    }
  }

  private long batchNormCount(String bn, int images) {
    long pixels =
        bnPixels.computeIfAbsent(
            bn,
            k -> {
              TensorShape s =
                  network
                      .shapes(config.height(), config.width())
                      .get(network.layer(k).inputs().get(0));
              return (long) s.height() * s.width();
            });
    return pixels * images;
  }

  /** Network outputs (target units) for {@code batch} in inference mode, [N, 1, h, w] flattened. */
  public float[] predict(Batch batch) {
    NetworkGraph g = inferenceGraph();
    sync(g.sameDiff());
    INDArray out =
        g.sameDiff()
            .output(Map.of(Network.INPUT, images(batch)), g.output().name())
            .get(g.output().name());
    return out.castTo(DataType.FLOAT).data().asFloat();
  }

  /**
   * Scores the model in inference mode on every batch of {@code source} (one epoch, from its
   * start): mean loss and the mean of the per-image depth metrics at output resolution.
   */
  public Validation validate(BatchSource source, EvaluationProtocol protocol) {
    NetworkGraph g = inferenceGraph();
    SameDiff sd = g.sameDiff();
    sync(sd);
    source.reset();
    MetricsAccumulator metrics = new MetricsAccumulator();
    double lossSum = 0;
    int batches = 0;
    int pixels = output.height() * output.width();
    while (source.hasNext()) {
      Batch batch = source.next();
      Map<String, INDArray> feed = feed(batch);
      Map<String, INDArray> out = sd.output(feed, g.output().name(), LOSS);
      lossSum += out.get(LOSS).getDouble(0);
      batches++;
      float[] y = out.get(g.output().name()).castTo(DataType.FLOAT).data().asFloat();
      float[] depth = objective.depth(y, batch.size(), output);
      float[] gt = groundTruth(batch);
      for (int n = 0; n < batch.size(); n++) {
        float[] pred = new float[pixels];
        float[] truth = new float[pixels];
        System.arraycopy(depth, n * pixels, pred, 0, pixels);
        System.arraycopy(gt, n * pixels, truth, 0, pixels);
        DepthImage p = new DepthImage(output.width(), output.height(), pred);
        DepthImage t = new DepthImage(output.width(), output.height(), truth);
        metrics.add(DepthEvaluator.evaluate(p, t, protocol));
      }
    }
    source.reset();
    if (batches == 0) {
      throw new IllegalArgumentException("the validation source produced no batches");
    }
    return new Validation(lossSum / batches, metrics.mean(), metrics.count());
  }

  private NetworkGraph inferenceGraph() {
    if (inference == null) {
      inference =
          NetworkGraph.build(
              network, params, NetworkGraph.Mode.INFERENCE, config.height(), config.width());
      addLoss(inference);
    }
    return inference;
  }

  /** Copies the live parameter arrays into a graph unless it already holds the same arrays. */
  private void sync(SameDiff sd) {
    for (Map.Entry<String, INDArray> e : params.asMap().entrySet()) {
      if (!sd.hasVariable(e.getKey())) {
        continue;
      }
      INDArray inGraph = sd.getVariable(e.getKey()).getArr();
      if (inGraph != e.getValue()) {
        inGraph.assign(e.getValue());
      }
    }
  }

  private Map<String, INDArray> feed(Batch batch) {
    Map<String, INDArray> feed =
        new HashMap<>(
            objective.targets(groundTruth(batch), batch.size(), output, params.dataType()));
    feed.put(Network.INPUT, images(batch));
    return feed;
  }

  private INDArray images(Batch batch) {
    if (batch.height() != config.height() || batch.width() != config.width()) {
      throw new IllegalArgumentException(
          "batch images are "
              + batch.width()
              + "x"
              + batch.height()
              + " but the model takes "
              + config.width()
              + "x"
              + config.height()
              + "; load data at the model's input size (--width/--height)");
    }
    long[] shape = {batch.size(), Batch.CHANNELS, batch.height(), batch.width()};
    return Nd4j.create(batch.images(), shape, DataType.FLOAT).castTo(params.dataType());
  }

  /** Ground truth in metres at the model's output resolution (0 = invalid). */
  private float[] groundTruth(Batch batch) {
    if (batch.depthHeight() % output.height() != 0
        || batch.depthWidth() % output.width() != 0
        || batch.depthHeight() / output.height() != batch.depthWidth() / output.width()) {
      throw new IllegalArgumentException(
          "batch depth is "
              + batch.depthWidth()
              + "x"
              + batch.depthHeight()
              + " but the model predicts "
              + output.width()
              + "x"
              + output.height()
              + "; depth must be that size or an integer multiple of it");
    }
    int factor = batch.depthHeight() / output.height();
    return DepthTarget.downsample(
        batch.depthMetres(), batch.size(), batch.depthHeight(), batch.depthWidth(), factor);
  }
}
