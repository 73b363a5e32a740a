package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CheckpointTest {

  @Test
  void roundTripsEverything(@TempDir Path dir) throws IOException {
    ModelConfig config = new ModelConfig(Architecture.BASELINE_BN, 0, 64, 96, 80.0);
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, 9);
    Map<String, INDArray> adam = Map.of("m/head_conv/bias", Nd4j.createFromArray(0.25f));
    Checkpoint c =
        new Checkpoint(
            config,
            new TrainingLoss(LossKind.DENSEDEPTH_SILOG_METRIC, 300),
            OptimizerKind.AMSGRAD,
            new LearningRateSchedule(3e-4, List.of(1000L, 1200L), 0.5, 200),
            1234,
            5,
            17,
            8,
            "synth-street",
            "./depthstream train",
            99.5,
            Map.of("delta1", 0.75),
            params,
            adam);
    Path file = dir.resolve("sub/run.ckpt");
    c.write(file);
    Checkpoint back = Checkpoint.read(file);
    assertThat(back.config()).isEqualTo(config);
    assertThat(back.loss()).isEqualTo(new TrainingLoss(LossKind.DENSEDEPTH_SILOG_METRIC, 300));
    assertThat(back.optimizer()).isEqualTo(OptimizerKind.AMSGRAD);
    assertThat(back.learningRate()).isEqualTo(c.learningRate());
    assertThat(back.learningRate().warmupSteps()).isEqualTo(200);
    assertThat(back.learningRate().rateAt(1234)).isEqualTo(7.5e-5);
    assertThat(back.step()).isEqualTo(1234);
    assertThat(back.epoch()).isEqualTo(5);
    assertThat(back.batchInEpoch()).isEqualTo(17);
    assertThat(back.batchSize()).isEqualTo(8);
    assertThat(back.dataset()).isEqualTo("synth-street");
    assertThat(back.trainingSeconds()).isEqualTo(99.5);
    assertThat(back.metrics()).containsEntry("delta1", 0.75);
    params
        .asMap()
        .forEach((name, a) -> assertThat(back.parameters().get(name)).as(name).isEqualTo(a));
    assertThat(back.optimiserState().get("m/head_conv/bias").getFloat(0)).isEqualTo(0.25f);
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void roundTripsAClassificationHead(@TempDir Path dir) throws IOException {
    ModelConfig config =
        new ModelConfig(Architecture.DEEPLAB_TINY, 0, 64, 64, 80.0, DepthHead.uniform(12));
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, 9);
    Checkpoint c =
        new Checkpoint(
            config,
            TrainingLoss.of(LossKind.CROSS_ENTROPY),
            OptimizerKind.ADAM,
            LearningRateSchedule.constant(1e-3),
            1,
            0,
            1,
            0,
            "synth-street",
            "./depthstream train --model deeplab-tiny --head ud --bins 12",
            1,
            Map.of(),
            params,
            Map.of());
    Path file = dir.resolve("cls.ckpt");
    c.write(file);
    Checkpoint back = Checkpoint.read(file);
    assertThat(back.config()).isEqualTo(config);
    assertThat(back.config().bins().count()).isEqualTo(12);
    assertThat(back.loss()).isEqualTo(TrainingLoss.of(LossKind.CROSS_ENTROPY));
    assertThat(back.loss().defaultWeights()).as("no metricWeight property: the default").isTrue();
    assertThat(back.optimizer()).isEqualTo(OptimizerKind.ADAM);
    assertThat(back.batchSize()).as("not recorded, as in checkpoints from before it was").isZero();
  }

  @Test
  void roundTripsARefinementStage(@TempDir Path dir) throws IOException {
    ModelConfig config =
        new ModelConfig(Architecture.DENSEDEPTH_TINY, 24, 64, 64, 80.0, DepthHead.regression(), 8);
    Checkpoint c =
        new Checkpoint(
            config,
            TrainingLoss.of(LossKind.DENSEDEPTH),
            OptimizerKind.AMSGRAD,
            LearningRateSchedule.constant(1e-4),
            1,
            0,
            1,
            8,
            "synth-mixed",
            "./depthstream train --model densedepth-tiny --refine-width 8",
            1,
            Map.of(),
            ModelParameters.initialise(config.network(), DataType.FLOAT, 9),
            Map.of());
    Path file = dir.resolve("refined.ckpt");
    c.write(file);

    assertThat(Checkpoint.read(file).config()).isEqualTo(config);
    assertThat(Checkpoint.read(file).config().refineWidth()).isEqualTo(8);
  }

  @Test
  void rejectsFilesThatAreNotCheckpoints(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("notes.txt");
    Files.writeString(file, "hello");
    assertThatThrownBy(() -> Checkpoint.read(file))
        .hasMessageContaining("is not a depthstream checkpoint");
    assertThatThrownBy(() -> Checkpoint.read(dir.resolve("missing.ckpt")))
        .hasMessageContaining("not found");
  }
}
