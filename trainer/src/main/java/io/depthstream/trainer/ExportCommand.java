package io.depthstream.trainer;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.trainer.export.BundleExporter;
import io.depthstream.trainer.train.Checkpoint;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: a training checkpoint → {@code models/<id>/model.onnx + model.json}. */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = "Export a training checkpoint as an ONNX model bundle (opset 17, dynamic batch).")
public final class ExportCommand implements Callable<Integer> {

  @Option(
      names = "--checkpoint",
      required = true,
      description = "Checkpoint written by train (e.g. checkpoints/densedepth-169.ckpt).")
  Path checkpoint;

  @Option(
      names = "--id",
      description =
          "Bundle id, also its directory name (default: the model id, with the head for"
              + " classification models, e.g. densedepth-169-sid71).")
  String id;

  @Option(
      names = "--bundle-version",
      defaultValue = "1.0.0",
      description = "Bundle version (default: ${DEFAULT-VALUE}).")
  String version;

  @Option(
      names = "--models-dir",
      defaultValue = "models",
      description = "Where bundles live (default: ${DEFAULT-VALUE}).")
  Path modelsDir;

  @Override
  public Integer call() throws Exception {
    Checkpoint c = Checkpoint.read(checkpoint);
    String bundleId = id != null ? id : c.config().id();
    ModelBundle bundle = BundleExporter.export(c, modelsDir, bundleId, version);
    System.out.printf(
        "exported %s (%s, %dx%d input, step %d) to %s%n",
        bundle.label(),
        bundle.encoder(),
        bundle.input().width(),
        bundle.input().height(),
        c.step(),
        bundle.directory());
    return 0;
  }
}
