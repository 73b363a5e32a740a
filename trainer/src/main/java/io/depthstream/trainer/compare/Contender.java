package io.depthstream.trainer.compare;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.trainer.model.Architecture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of {@code compare --models}: an architecture to train here, a checkpoint written by
 * {@code train} to evaluate as it is, or an exported model bundle directory to evaluate as it is.
 *
 * @param architecture set for {@link Kind#TRAIN}
 * @param path set for {@link Kind#CHECKPOINT} and {@link Kind#BUNDLE}
 */
record Contender(Kind kind, Architecture architecture, Path path) {

  /** Where a contender's model comes from. */
  enum Kind {
    TRAIN,
    CHECKPOINT,
    BUNDLE
  }

  Contender {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * Reads one {@code --models} entry: an existing directory holding {@code model.json} is a bundle,
   * an existing file a checkpoint, anything else an architecture id.
   */
  static Contender parse(String entry) {
    String e = entry.trim();
    if (e.isEmpty()) {
      throw new IllegalArgumentException(
          "--models has an empty entry; separate models with commas");
    }
    Path p = Path.of(e);
    if (Files.isDirectory(p)) {
      if (!Files.isRegularFile(p.resolve(ModelBundle.DESCRIPTOR_FILE))) {
        throw new IllegalArgumentException(
            "--models entry "
                + e
                + " is a directory without "
                + ModelBundle.DESCRIPTOR_FILE
                + "; pass a model bundle directory (model.onnx + model.json), a checkpoint file"
                + " or a model id");
      }
      return new Contender(Kind.BUNDLE, null, p);
    }
    if (Files.isRegularFile(p)) {
      return new Contender(Kind.CHECKPOINT, null, p);
    }
    try {
      return new Contender(Kind.TRAIN, Architecture.fromId(e), null);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(
          "--models entry '"
              + e
              + "' is neither an existing checkpoint file or bundle directory nor a model id: "
              + unknown.getMessage());
    }
  }
}
