package io.depthstream.cli.publish;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.RigidTransform;
import io.depthstream.core.geometry.SensorCalibration;
import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FrameSource;
import io.depthstream.fleet.SensorRecords;
import io.depthstream.schemas.ImageEncoding;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.imageio.ImageIO;

/**
 * DenseDepth's NYU Depth v2 data (its {@code nyu_data.zip}, or the folder it unpacks to, or what
 * {@code ./depthstream synth --layout nyu} writes) as one robot's camera: each pair of the chosen
 * split's CSV becomes a frame plus a DEPTH_IMAGE ground truth at the same instant, in millimetres.
 * The test split's depth is already 16-bit millimetres and is sent as stored; the training split's
 * 8-bit depth (v/255·10 m) is converted. A calibration with the NYU Kinect's intrinsics comes first
 * (its depth is registered to the colour camera, hence the identity extrinsic).
 */
public final class NyuSource implements FrameSource {

  /** NYU Depth v2's colour camera (Silberman et al.'s toolbox), for 640×480 frames. */
  static final CameraIntrinsics KINECT =
      new CameraIntrinsics(518.857901, 519.469611, 325.582449, 253.736166, 640, 480);

  /** DenseDepth's 8-bit training depth spans 0..10 m. */
  private static final double TRAIN_DEPTH_RANGE_METRES = 10.0;

  private final Path path;
  private final ZipFile zip;
  private final boolean testSplit;
  private final List<String[]> pairs;
  private final SensorRecords camera;
  private final double fps;
  private final ImageEncoding encoding;
  private final CaptureClock clock;
  private final Deque<FleetRecord> ready = new ArrayDeque<>();
  private boolean calibrated;
  private int next;

  /**
   * @param path the zip, or the folder holding {@code data/nyu2_test.csv}
   * @param split "test" or "train"
   */
  public NyuSource(
      Path path,
      String split,
      String vehicleId,
      String cameraId,
      double fps,
      ImageEncoding encoding,
      CaptureClock clock) {
    if (!split.equals("test") && !split.equals("train")) {
      throw new IllegalArgumentException("--nyu-split must be test or train, got '" + split + "'");
    }
    if (!(fps > 0)) {
      throw new IllegalArgumentException("--fps must be above 0, got " + fps);
    }
    this.path = path;
    this.testSplit = split.equals("test");
    try {
      this.zip = Files.isRegularFile(path) ? new ZipFile(path.toFile()) : null;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--nyu "
              + path
              + " is not a readable zip: "
              + e.getMessage()
              + "; name DenseDepth's nyu_data.zip or its folder",
          e);
    }
    String csvName = "data/nyu2_" + split + ".csv";
    this.pairs = parseCsv(new String(read(csvName), StandardCharsets.UTF_8), csvName);
    this.camera = new SensorRecords(vehicleId, cameraId);
    this.fps = fps;
    this.encoding = encoding;
    this.clock = clock;
  }

  private List<String[]> parseCsv(String text, String csvName) {
    List<String[]> rows = new ArrayList<>();
    for (String line : text.split("\n")) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      String[] cells = trimmed.split(",");
      if (cells.length != 2) {
        throw new IllegalArgumentException(
            path + "!" + csvName + ": line '" + trimmed + "' is not 'rgb,depth'");
      }
      rows.add(new String[] {cells[0].trim(), cells[1].trim()});
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(path + "!" + csvName + " lists no pairs");
    }
    return rows;
  }

  /** A file of the data set by its path relative to the zip's root. */
  private byte[] read(String relative) {
    try {
      if (zip != null) {
        ZipEntry entry = zip.getEntry(relative);
        if (entry == null) {
          throw new IllegalArgumentException(
              path + " has no entry " + relative + "; is it DenseDepth's nyu_data.zip?");
        }
        try (InputStream in = zip.getInputStream(entry)) {
          return in.readAllBytes();
        }
      }
      Path file = path.resolve(relative);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(
            "--nyu " + path + ": " + relative + " not found; name the folder that holds data/");
      }
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + relative + " from " + path, e);
    }
  }

  @Override
  public long frameCount() {
    return pairs.size();
  }

  @Override
  public String description() {
    return "NYU "
        + (testSplit ? "test" : "train")
        + " split of "
        + path
        + ": "
        + pairs.size()
        + " frames with depth images, as "
        + camera.key();
  }

  @Override
  public boolean hasNext() {
    return !ready.isEmpty() || !calibrated || next < pairs.size();
  }

  @Override
  public FleetRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException("all NYU pairs of " + path + " were published");
    }
    if (!ready.isEmpty()) {
      return ready.poll();
    }
    if (!calibrated) {
      calibrated = true;
      return camera.calibration(
          new SensorCalibration(KINECT, RigidTransform.identity()), clock.toCapture(0));
    }
    int index = next++;
    String[] pair = pairs.get(index);
    long capture = clock.toCapture(Math.round(index * 1000.0 / fps));
    StoredPicture picture = StoredPicture.of(path + "!" + pair[0], read(pair[0]), encoding);
    byte[] depth = read(pair[1]);
    byte[] millimetres = testSplit ? depth : trainDepthToMillimetres(depth, path + "!" + pair[1]);
    ready.add(camera.depthImage(index, capture, millimetres, DepthPngCodec.MILLIMETRES));
    return camera.frame(
        index, capture, picture.encoding(), picture.width(), picture.height(), picture.data());
  }

  /** DenseDepth's 8-bit training depth (v/255·10 m, 0 = none) as a 16-bit millimetre PNG. */
  static byte[] trainDepthToMillimetres(byte[] png, String name) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot decode depth " + name, e);
    }
    if (image == null) {
      throw new IllegalArgumentException(name + ": not a PNG depth image");
    }
    Raster raster = image.getRaster();
    if (raster.getNumBands() != 1 || raster.getSampleModel().getSampleSize(0) != 8) {
      throw new IllegalArgumentException(
          name + ": the training split's depth must be an 8-bit grayscale PNG (v/255*10 m)");
    }
    int w = image.getWidth();
    int h = image.getHeight();
    float[] metres = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = raster.getSample(x, y, 0);
        metres[y * w + x] = (float) (v / 255.0 * TRAIN_DEPTH_RANGE_METRES);
      }
    }
    return DepthPngCodec.encode(new DepthImage(w, h, metres), DepthPngCodec.MILLIMETRES);
  }

  @Override
  public void close() {
    if (zip != null) {
      try {
        zip.close();
      } catch (IOException e) {
        // nothing was written; a failed close of a read-only zip loses nothing
      }
    }
  }
}
