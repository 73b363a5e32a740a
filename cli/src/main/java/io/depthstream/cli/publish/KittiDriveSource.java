package io.depthstream.cli.publish;

import io.depthstream.core.dataset.KittiCalibration;
import io.depthstream.core.dataset.KittiLayout;
import io.depthstream.core.dataset.KittiTimestamps;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FrameSource;
import io.depthstream.fleet.SensorRecords;
import io.depthstream.schemas.ImageEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * A KITTI raw drive ({@link KittiLayout}) as one vehicle: the calibration of camera 02 (from the
 * date folder's calib files, {@link KittiCalibration}), then per frame the {@code
 * image_02/data/*.png} picture and, where there is one, the {@code velodyne_points/data/*.bin}
 * sweep of the same number (float32 little-endian x, y, z, reflectance, as published). Capture
 * times come from the drives' {@code timestamps.txt} files. Reads what {@code ./depthstream synth
 * --layout kitti} writes and KITTI's own downloads alike.
 */
public final class KittiDriveSource implements FrameSource {

  private final Path drive;
  private final List<Path> images;
  private final long[] frameTimes;
  private final long[] scanTimes;
  private final SensorRecords camera;
  private final CameraCalibration calibration;
  private final ImageEncoding encoding;
  private final CaptureClock clock;
  private final Deque<FleetRecord> ready = new ArrayDeque<>();
  private boolean calibrated;
  private int next;

  /**
   * @param path the drive folder ({@code …_sync}, holding image_02) or the date folder above a
   *     single drive
   * @param encoding the frame encoding to send, or null to send the PNGs as stored
   */
  public KittiDriveSource(Path path, String vehicleId, ImageEncoding encoding, CaptureClock clock) {
    this.drive = findDrive(path);
    Path imageDir = drive.resolve(KittiLayout.IMAGES);
    try (Stream<Path> listing = Files.list(imageDir)) {
      this.images =
          listing.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + imageDir, e);
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException(
          imageDir + " holds no .png frames; is the drive complete?");
    }
    this.frameTimes = KittiTimestamps.read(drive.resolve(KittiLayout.IMAGE_TIMES), images.size());
    this.scanTimes = KittiTimestamps.read(drive.resolve(KittiLayout.VELODYNE_TIMES), images.size());
    this.calibration = KittiCalibration.read(calibrationDir(drive), 2);
    this.camera = new SensorRecords(vehicleId, "image_02");
    this.encoding = encoding;
    this.clock = clock;
  }

  static Path findDrive(Path path) {
    if (Files.isDirectory(path.resolve("image_02"))) {
      return path;
    }
    if (Files.isDirectory(path)) {
      try (Stream<Path> children = Files.list(path)) {
        List<Path> drives =
            children.filter(c -> Files.isDirectory(c.resolve("image_02"))).sorted().toList();
        if (drives.size() == 1) {
          return drives.get(0);
        }
        if (drives.size() > 1) {
          throw new IllegalArgumentException(
              "--kitti "
                  + path
                  + " holds "
                  + drives.size()
                  + " drives; name one of them, e.g. "
                  + drives.get(0));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + path, e);
      }
    }
    throw new IllegalArgumentException(
        "--kitti "
            + path
            + " is not a KITTI raw drive: expected a folder with image_02/data/*.png (and"
            + " velodyne_points/data/*.bin), or its date folder; ./depthstream synth --layout kitti"
            + " writes one");
  }

  private static Path calibrationDir(Path drive) {
    Path parent = drive.toAbsolutePath().getParent();
    if (parent != null && KittiCalibration.isDateFolder(parent)) {
      return parent;
    }
    return drive;
  }

  @Override
  public long frameCount() {
    return images.size();
  }

  @Override
  public String description() {
    return "KITTI drive "
        + drive
        + ": "
        + images.size()
        + " frames of image_02 with velodyne scans";
  }

  @Override
  public boolean hasNext() {
    return !ready.isEmpty() || !calibrated || next < images.size();
  }

  @Override
  public FleetRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all frames of " + drive + " were published");
    }
    if (!ready.isEmpty()) {
      return ready.poll();
    }
    if (!calibrated) {
      calibrated = true;
      long first = clock.toCapture(Math.min(frameTimes[0], scanTimes[0]));
      return camera.calibration(calibration, first);
    }
    int index = next++;
    Path image = images.get(index);
    String stem = image.getFileName().toString().replaceFirst("\\.png$", "");
    long sequence = parseSequence(stem, index);
    StoredPicture picture = StoredPicture.of(image.toString(), read(image), encoding);
    FleetRecord frame =
        camera.frame(
            sequence,
            clock.toCapture(frameTimes[index]),
            picture.encoding(),
            picture.width(),
            picture.height(),
            picture.data());
    Path scan = drive.resolve(KittiLayout.VELODYNE).resolve(stem + ".bin");
    if (Files.isRegularFile(scan)) {
      byte[] points = read(scan);
      if (points.length % (KittiLayout.VELODYNE_STRIDE * Float.BYTES) != 0) {
        throw new IllegalArgumentException(
            scan
                + " has "
                + points.length
                + " bytes, not a whole number of 16-byte x,y,z,r points");
      }
      ready.add(
          camera.pointCloud(
              sequence, clock.toCapture(scanTimes[index]), points, KittiLayout.VELODYNE_STRIDE));
    }
    return frame;
  }

  private static long parseSequence(String stem, int fallback) {
    try {
      return Long.parseLong(stem);
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
