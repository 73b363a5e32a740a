package io.depthstream.trainer;

import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.train.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code train}'s checkpoint options: where, how often, and which one to resume. */
final class CheckpointOptions {

  @Option(
      names = "--checkpoint",
      description = "Checkpoint file (default: checkpoints/<model>.ckpt).")
  Path checkpoint;

  @Option(
      names = "--checkpoint-every",
      defaultValue = "500",
      description =
          "Steps between checkpoints; 0 = only after each epoch (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(
      names = "--resume",
      description =
          "Continue from this checkpoint (model, optimiser and position); data options must match.")
  Path resume;

  /** The checkpoint to continue from, or null for a new run. */
  Checkpoint resumed() throws IOException {
    return resume == null ? null : Checkpoint.read(resume);
  }

  /** Where this run's checkpoints go: --checkpoint, or checkpoints/&lt;model id&gt;.ckpt. */
  Path file(ModelConfig config) {
    return checkpoint != null ? checkpoint : Path.of("checkpoints", config.id() + ".ckpt");
  }
}
