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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** The loop train and compare share: what its listeners hear, and where a resumed run starts. */
class TrainingLoopTest {

  private static final EvaluationProtocol PROTOCOL = new EvaluationProtocol(1e-3, 10.0, Crop.NONE);

  private static Trainer trainer() {
    ModelConfig config = new ModelConfig(Architecture.DENSEDEPTH_TINY, 16, 64, 64, 10.0);
    return new Trainer(
        config,
        ModelParameters.initialise(config.network(), DataType.FLOAT, 3),
        TrainingLoss.of(LossKind.DENSEDEPTH),
        new AdamOptimizer(1e-3, 0.9, 0.999, 1e-7),
        0.9);
  }

  private static DatasetBatchSource frames(int seed, int count, boolean shuffle) {
    return new DatasetBatchSource(
        new SyntheticDataset(
            SceneKind.INDOOR, seed, 64, 64, 0, count, SyntheticDataset.GroundTruth.DENSE),
        new InputSize(64, 64),
        2,
        DepthAugmentation.none(),
        shuffle,
        1);
  }

  /** Records what it hears. */
  private static final class Recorder implements TrainingLoop.Listener {
    final List<TrainingLoop.Step> steps = new ArrayList<>();
    final List<EpochResult> epochs = new ArrayList<>();

    @Override
    public void onStep(TrainingLoop.Step step) {
      steps.add(step);
    }

    @Override
    public void onEpoch(EpochResult result) {
      epochs.add(result);
    }
  }

  @Test
  void listenersHearEveryStepThenEachValidatedEpoch() {
    Recorder recorder = new Recorder();
    Trainer trainer = trainer();
    try (DatasetBatchSource train = frames(1, 4, true);
        DatasetBatchSource validation = frames(2, 2, false)) {
      List<EpochResult> results =
          new TrainingLoop(trainer, 2, 0, PROTOCOL, quiet(), List.of(recorder))
              .run(train, validation, 0, 0, 10.0);

      assertThat(recorder.epochs).isEqualTo(results).hasSize(2);
      assertThat(recorder.steps)
          .extracting(TrainingLoop.Step::steps)
          .containsExactly(1L, 2L, 3L, 4L);
      assertThat(recorder.steps).extracting(TrainingLoop.Step::epoch).containsExactly(0, 0, 1, 1);
      assertThat(recorder.steps)
          .extracting(TrainingLoop.Step::batchInEpoch)
          .containsExactly(1, 2, 1, 2);
      assertThat(recorder.steps)
          .extracting(TrainingLoop.Step::lastOfEpoch)
          .containsExactly(false, true, false, true);
      // an epoch's train loss is the mean of its steps' losses; time counts the earlier 10 s
      assertThat(results.get(1).trainLoss())
          .isEqualTo((recorder.steps.get(2).loss() + recorder.steps.get(3).loss()) / 2);
      assertThat(results.get(1).steps()).isEqualTo(4);
      assertThat(results.get(0).seconds()).isGreaterThan(10.0);
      assertThat(results.get(1).validation().images()).isEqualTo(2);
    }
  }

  @Test
  void aResumedRunSkipsTheBatchesItHadAndStopsAtTheStepLimit() {
    Recorder recorder = new Recorder();
    Trainer trainer = trainer();
    try (DatasetBatchSource train = frames(1, 6, true);
        DatasetBatchSource validation = frames(2, 2, false)) {
      // as if resumed in epoch 1 after its first batch, with a limit of 3 steps in all
      new TrainingLoop(trainer, 3, 3, PROTOCOL, quiet(), List.of(recorder))
          .run(train, validation, 1, 1, 0);

      assertThat(recorder.steps).extracting(TrainingLoop.Step::epoch).containsExactly(1, 1, 2);
      assertThat(recorder.steps)
          .extracting(TrainingLoop.Step::batchInEpoch)
          .containsExactly(2, 3, 1);
      assertThat(trainer.optimiser().iterations()).isEqualTo(3);
      // epoch 1 ends and is validated; epoch 2 stops at the limit and is validated too
      assertThat(recorder.epochs).extracting(EpochResult::epoch).containsExactly(1, 2);
    }
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream());
  }
}
