package io.depthstream.cli.publish;

import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FrameSource;
import io.depthstream.fleet.SensorRecords;
import io.depthstream.schemas.ImageEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The pictures of one folder ({@code *.jpg}, {@code *.jpeg}, {@code *.png}, in name order) as the
 * frames of one camera, {@code 1000/fps} ms apart; no ground truth and no calibration. Files are
 * sent as stored unless another encoding is asked for.
 */
public final class ImageFolderSource implements FrameSource {

  private final Path folder;
  private final List<Path> files;
  private final SensorRecords camera;
  private final double fps;
  private final ImageEncoding encoding;
  private final CaptureClock clock;
  private int next;

  /**
   * @param encoding the encoding to send, or null to send each file as stored
   * @throws IllegalArgumentException when the folder is missing or holds no pictures
   */
  public ImageFolderSource(
      Path folder,
      String vehicleId,
      String cameraId,
      double fps,
      ImageEncoding encoding,
      CaptureClock clock) {
    if (!Files.isDirectory(folder)) {
      throw new IllegalArgumentException(
          "--images " + folder + " is not a folder; name a folder of .jpg/.png pictures");
    }
    try (Stream<Path> listing = Files.list(folder)) {
      this.files = listing.filter(ImageFolderSource::isPicture).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "--images " + folder + " holds no .jpg, .jpeg or .png files; name a folder of pictures");
    }
    if (!(fps > 0)) {
      throw new IllegalArgumentException("--fps must be above 0, got " + fps);
    }
    this.folder = folder;
    this.camera = new SensorRecords(vehicleId, cameraId);
    this.fps = fps;
    this.encoding = encoding;
    this.clock = clock;
  }

  static boolean isPicture(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return Files.isRegularFile(file)
        && (name.endsWith(".jpg") || name.endsWith(".jpeg") || name.endsWith(".png"));
  }

  @Override
  public long frameCount() {
    return files.size();
  }

  @Override
  public String description() {
    return files.size()
        + " pictures from "
        + folder
        + " as "
        + camera.key()
        + (encoding == null ? " (as stored)" : " (as " + encoding + ")");
  }

  @Override
  public boolean hasNext() {
    return next < files.size();
  }

  @Override
  public FleetRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all pictures of " + folder + " were published");
    }
    int index = next++;
    Path file = files.get(index);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    StoredPicture picture = StoredPicture.of(file.toString(), bytes, encoding);
    long capture = clock.toCapture(Math.round(index * 1000.0 / fps));
    return camera.frame(
        index, capture, picture.encoding(), picture.width(), picture.height(), picture.data());
  }
}
