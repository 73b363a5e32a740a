package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.metrics.Crop;
import io.depthstream.core.metrics.EvaluationProtocol;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.trainer.data.DatasetBatchSource;
import io.depthstream.trainer.data.DepthAugmentation;
import io.depthstream.trainer.data.InputSize;
import io.depthstream.trainer.data.SyntheticDataset;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class TrainerTest {

  private static final Logger LOG = LoggerFactory.getLogger(TrainerTest.class);

  @Test
  void tinyDenseDepthLearnsSyntheticRooms() {
    ModelConfig config = new ModelConfig(Architecture.DENSEDEPTH_TINY, 0, 64, 64, 10.0);
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, 42);
    Trainer trainer =
        new Trainer(
            config,
            params,
            TrainingLoss.of(LossKind.DENSEDEPTH),
            new AdamOptimizer(1e-3, 0.9, 0.999, 1e-7),
            0.9);
    InputSize size = new InputSize(64, 64);
    BatchSource train =
        new DatasetBatchSource(
            new SyntheticDataset(
                SceneKind.INDOOR, 1, 64, 64, 0, 32, SyntheticDataset.GroundTruth.DENSE),
            size,
            8,
            DepthAugmentation.denseDepth(1),
            true,
            1);
    BatchSource validation =
        new DatasetBatchSource(
            new SyntheticDataset(
                SceneKind.INDOOR, 2, 64, 64, 0, 16, SyntheticDataset.GroundTruth.DENSE),
            size,
            8,
            DepthAugmentation.none(),
            false,
            1);
    EvaluationProtocol protocol = new EvaluationProtocol(1e-3, 10.0, Crop.NONE);

    trainer.startAtMeanDepth(train.next());
    train.reset();
    Validation before = trainer.validate(validation, protocol);
    double firstEpoch = 0;
    double lastEpoch = 0;
    // 12 epochs of 4 steps: with DenseDepth's 11×11 SSIM window validation δ1 dips first and
    // passes its start only after epoch 8 (measured: 0.399 → 0.397 at 8, 0.451 at 12)
    int epochs = 12;
    long t0 = System.nanoTime();
    for (int e = 0; e < epochs; e++) {
      double sum = 0;
      int n = 0;
      while (train.hasNext()) {
        sum += trainer.step(train.next());
        n++;
      }
      train.reset();
      lastEpoch = sum / n;
      if (e == 0) {
        firstEpoch = lastEpoch;
      }
      LOG.info("epoch {} loss {}", e, lastEpoch);
    }
    LOG.info("training took {} s", (System.nanoTime() - t0) / 1e9);
    Validation after = trainer.validate(validation, protocol);
    LOG.info("validation before {} after {}", before, after);

    assertThat(lastEpoch).isLessThan(firstEpoch * 0.8);
    assertThat(after.loss()).isLessThan(before.loss());
    assertThat(after.metrics().delta1()).isGreaterThan(before.metrics().delta1());
  }
}
