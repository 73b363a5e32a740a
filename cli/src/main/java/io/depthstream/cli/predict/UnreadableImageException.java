package io.depthstream.cli.predict;

import java.nio.file.Path;

/** A picture file that cannot be used: missing, too large, corrupt or not a PNG/JPEG. Names it. */
public final class UnreadableImageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient Path path;

  public UnreadableImageException(Path path, String reason, Throwable cause) {
    super(path + ": " + reason, cause);
    this.path = path;
  }

  /** The file that could not be read. */
  public Path path() {
    return path;
  }
}
