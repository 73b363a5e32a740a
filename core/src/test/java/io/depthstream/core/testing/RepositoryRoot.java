package io.depthstream.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The repository's root for tests that read its shipped files (the bundles under {@code models/},
 * the READMEs): the nearest folder with a {@code models/} folder at or above the working directory,
 * which Maven sets to the module's folder.
 */
public final class RepositoryRoot {

  private RepositoryRoot() {}

  /** The root, or an error naming where the search started. */
  public static Path path() {
    Path start = Path.of("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("models"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no models/ folder at or above " + start + ": run the tests from inside the repository");
  }
}
