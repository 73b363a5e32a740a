package io.depthstream.core.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipFile;

/**
 * The files of a data set addressed by their path inside it ({@code data/nyu2_train.csv}), whether
 * they lie in a zip archive, read in place without unpacking, or in a directory. Paths use {@code
 * /}. Safe for concurrent reads.
 */
public interface DatasetFiles extends AutoCloseable {

  /** The archive or directory, as named in errors. */
  String location();

  /**
   * Where {@code path} is, as named in errors: the file in a directory, {@code archive:path} in a
   * zip.
   */
  String describe(String path);

  /** True if the data set has a file at {@code path}. */
  boolean exists(String path);

  /**
   * The bytes of the file at {@code path}.
   *
   * @throws IllegalArgumentException naming the archive and the path when there is no such file
   */
  byte[] read(String path);

  @Override
  void close();

  /** Opens a {@code .zip} archive in place, or a directory (e.g. the zip, unpacked). */
  static DatasetFiles open(Path location) {
    if (Files.isDirectory(location)) {
      return new DirectoryFiles(location);
    }
    if (!Files.isRegularFile(location)) {
      throw new IllegalArgumentException(
          "data set "
              + location
              + " does not exist; pass the zip file or the directory it was"
              + " unpacked into");
    }
    try {
      return new ZipFiles(location, new ZipFile(location.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "data set " + location + " is neither a directory nor a readable zip archive", e);
    }
  }
}
