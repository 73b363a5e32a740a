package io.depthstream.core.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@link DatasetFiles} in a directory tree; paths may not climb out of it. */
final class DirectoryFiles implements DatasetFiles {

  private final Path root;

  DirectoryFiles(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String location() {
    return root.toString();
  }

  @Override
  public String describe(String path) {
    return resolve(path).toString();
  }

  @Override
  public boolean exists(String path) {
    return Files.isRegularFile(resolve(path));
  }

  @Override
  public byte[] read(String path) {
    Path file = resolve(path);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "data set directory " + root + " has no file '" + path + "' (looked for " + file + ")");
    }
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + file, e);
    }
  }

  private Path resolve(String path) {
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root)) {
      throw new IllegalArgumentException(
          "path '" + path + "' points outside the data set directory " + root);
    }
    return file;
  }

  @Override
  public void close() {}
}
