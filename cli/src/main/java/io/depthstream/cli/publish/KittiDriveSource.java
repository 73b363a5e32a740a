package io.depthstream.cli.publish;

import io.depthstream.core.geometry.SensorCalibration;
import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FrameSource;
import io.depthstream.fleet.SensorRecords;
import io.depthstream.schemas.ImageEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * A KITTI raw drive as one vehicle: the calibration of camera 02 (from the date folder's calib
 * files), then per frame the {@code image_02/data/*.png} picture and, where there is one, the
 * {@code velodyne_points/data/*.bin} sweep of the same number (float32 little-endian x, y, z,
 * reflectance, as published). Capture times come from the drives' {@code timestamps.txt} files.
 * Reads what {@code ./depthstream synth --layout kitti} writes and KITTI's own downloads alike.
 */
public final class KittiDriveSource implements FrameSource {

  private static final DateTimeFormatter KITTI_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS", Locale.ROOT);
  private static final int VELODYNE_STRIDE = 4;

  private final Path drive;
  private final List<Path> images;
  private final long[] frameTimes;
  private final long[] scanTimes;
  private final SensorRecords camera;
  private final SensorCalibration calibration;
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
    Path imageDir = drive.resolve("image_02/data");
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
    this.frameTimes = readTimes(drive.resolve("image_02/timestamps.txt"), images.size());
    this.scanTimes = readTimes(drive.resolve("velodyne_points/timestamps.txt"), images.size());
    StoredPicture first = StoredPicture.of(images.get(0).toString(), read(images.get(0)), null);
    this.calibration = KittiCalibration.read(calibrationDir(drive), first.width(), first.height());
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
    if (parent != null && Files.isRegularFile(parent.resolve("calib_cam_to_cam.txt"))) {
      return parent;
    }
    return drive;
  }

  /**
   * Millisecond times from a KITTI timestamps file (nanosecond digits beyond the milliseconds are
   * dropped), or frames 100 ms apart (KITTI's 10 Hz) when the file is missing.
   */
  static long[] readTimes(Path file, int count) {
    long[] times = new long[count];
    if (!Files.isRegularFile(file)) {
      for (int i = 0; i < count; i++) {
        times[i] = i * 100L;
      }
      return times;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    lines = lines.stream().map(String::trim).filter(l -> !l.isEmpty()).toList();
    for (int i = 0; i < count; i++) {
      if (i >= lines.size()) {
        throw new IllegalArgumentException(
            file
                + " has "
                + lines.size()
                + " lines for "
                + count
                + " frames; is the drive complete?");
      }
      String line = lines.get(i);
      try {
        String millisPrecision = line.length() > 23 ? line.substring(0, 23) : line;
        times[i] =
            LocalDateTime.parse(millisPrecision, KITTI_TIME)
                .toInstant(ZoneOffset.UTC)
                .toEpochMilli();
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            file
                + " line "
                + (i + 1)
                + ": '"
                + line
                + "' is not a KITTI time (2011-09-26 13:02:25.964389445)",
            e);
      }
    }
    return times;
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
    Path scan = drive.resolve("velodyne_points/data/" + stem + ".bin");
    if (Files.isRegularFile(scan)) {
      byte[] points = read(scan);
      if (points.length % (VELODYNE_STRIDE * Float.BYTES) != 0) {
        throw new IllegalArgumentException(
            scan
                + " has "
                + points.length
                + " bytes, not a whole number of 16-byte x,y,z,r points");
      }
      ready.add(
          camera.pointCloud(sequence, clock.toCapture(scanTimes[index]), points, VELODYNE_STRIDE));
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
