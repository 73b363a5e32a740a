package io.depthstream.trainer.export;

import io.depthstream.core.inference.BinnedOutput;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelInput;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.Normalisation;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.inference.TensorLayout;
import io.depthstream.core.inference.TrainingRecord;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.DepthTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Publishes a trained checkpoint as a model bundle {@code <models>/<id>/} with {@code model.onnx}
 * and {@code model.json}: input RGB/255 NCHW at the training size, output DenseDepth's {@code
 * maxDepth/d} ({@link OutputKind#DEPTH_INVERSE_NORM}, depth_scale = maxDepth in metres) or, for a
 * classification head, K bin logits ({@link OutputKind#DEPTH_BINS} with the bins the model was
 * trained on, softmax, expectation readout, the decoding validation scored), the training
 * provenance and the last validation metrics.
 */
public final class BundleExporter {

  private BundleExporter() {}

  /** Writes the bundle and returns it as written. */
  public static ModelBundle export(Checkpoint checkpoint, Path modelsDir, String id, String version)
      throws IOException {
    ModelConfig config = checkpoint.config();
    Path dir = modelsDir.resolve(id);
    Files.createDirectories(dir);
    byte[] onnx =
        OnnxExporter.export(
                config.network(), checkpoint.parameters(), config.height(), config.width(), version)
            .toByteArray();
    Path model = dir.resolve(ModelBundle.MODEL_FILE);
    // a plain sibling (not createTempFile, which is owner-only) so the bundle stays readable by a
    // service running as another user
    Path temporary = dir.resolve(ModelBundle.MODEL_FILE + ".tmp");
    Files.write(temporary, onnx);
    Files.move(
        temporary, model, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    ModelBundle bundle =
        new ModelBundle(
            dir,
            id,
            version,
            config.architecture().encoder(),
            new ModelInput(
                config.width(), config.height(), TensorLayout.NCHW, Normalisation.DENSEDEPTH),
            output(config),
            Optional.of(
                new TrainingRecord(
                    checkpoint.command(),
                    checkpoint.dataset(),
                    checkpoint.epoch(),
                    checkpoint.step(),
                    checkpoint.trainingSeconds())),
            checkpoint.metrics(),
            ModelBundle.sha256Of(model));
    return bundle.write(dir);
  }

  /** What the exported output means, per the model's head. */
  static ModelOutput output(ModelConfig config) {
    if (config.head().isClassification()) {
      return ModelOutput.depthBins(
          new BinnedOutput(
              config.bins(), BinnedOutput.Readout.EXPECTATION, BinnedOutput.Activation.SOFTMAX),
          config.minDepth(),
          config.maxDepth());
    }
    DepthTarget target = new DepthTarget(config.maxDepth());
    return new ModelOutput(
        OutputKind.DEPTH_INVERSE_NORM, config.maxDepth(), target.minDepth(), config.maxDepth());
  }
}
