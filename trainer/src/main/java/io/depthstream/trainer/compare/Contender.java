package io.depthstream.trainer.compare;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.DepthHead;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of {@code compare --models}: an architecture to train here (with its head: {@code
 * densedepth-tiny:sid71} classifies into 71 SID bins, {@code densedepth-tiny} regresses), a
 * checkpoint written by {@code train} to evaluate as it is, or an exported model bundle directory
 * to evaluate as it is.
 *
 * @param architecture set for {@link Kind#TRAIN}
 * @param head set for {@link Kind#TRAIN}
 * @param path set for {@link Kind#CHECKPOINT} and {@link Kind#BUNDLE}
 */
record Contender(Kind kind, Architecture architecture, DepthHead head, Path path) {

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
   * an existing file a checkpoint, anything else an architecture id with an optional {@code :head}
   * ({@code regression}, {@code sid}, {@code ud}, or with a bin count, {@code sid71}); {@code
   * defaultBins} is K where the entry names none.
   */
  static Contender parse(String entry, int defaultBins) {
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
      return new Contender(Kind.BUNDLE, null, null, p);
    }
    if (Files.isRegularFile(p)) {
      return new Contender(Kind.CHECKPOINT, null, null, p);
    }
    int colon = e.indexOf(':');
    String id = colon < 0 ? e : e.substring(0, colon);
    Architecture a;
    try {
      a = Architecture.fromId(id);
    } catch (IllegalArgumentException unknown) {
      throw new IllegalArgumentException(
          "--models entry '"
              + e
              + "' is neither an existing checkpoint file or bundle directory nor a model id: "
              + unknown.getMessage());
    }
    try {
      DepthHead head =
          colon < 0
              ? a.defaultHead(defaultBins)
              : DepthHead.parse(e.substring(colon + 1), defaultBins);
      a.network(0, head); // refuses a classification baseline now, not after the others trained
      return new Contender(Kind.TRAIN, a, head, null);
    } catch (IllegalArgumentException badHead) {
      throw new IllegalArgumentException(
          "--models entry '"
              + e
              + "': "
              + badHead.getMessage()
              + "; write <model>:<head>, e.g. densedepth-tiny:sid71",
          badHead);
    }
  }
}
