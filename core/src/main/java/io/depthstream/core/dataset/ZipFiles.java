package io.depthstream.core.dataset;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** {@link DatasetFiles} read straight out of a zip archive; entries are inflated one at a time. */
final class ZipFiles implements DatasetFiles {

  private final Path path;
  private final ZipFile zip;

  ZipFiles(Path path, ZipFile zip) {
    this.path = path;
    this.zip = zip;
  }

  @Override
  public String location() {
    return path.toString();
  }

  @Override
  public String describe(String entry) {
    return path + ":" + entry;
  }

  @Override
  public boolean exists(String entry) {
    ZipEntry e = zip.getEntry(entry);
    return e != null && !e.isDirectory();
  }

  @Override
  public byte[] read(String entry) {
    ZipEntry e = zip.getEntry(entry);
    if (e == null || e.isDirectory()) {
      throw new IllegalArgumentException(
          "zip archive " + path + " has no entry '" + entry + "'; is it the complete download?");
    }
    try (InputStream in = zip.getInputStream(e)) {
      return in.readAllBytes();
    } catch (IOException ex) {
      throw new UncheckedIOException("reading '" + entry + "' from zip archive " + path, ex);
    }
  }

  @Override
  public void close() {
    try {
      zip.close();
    } catch (IOException e) {
      throw new UncheckedIOException("closing zip archive " + path, e);
    }
  }
}
