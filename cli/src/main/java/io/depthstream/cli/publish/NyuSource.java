package io.depthstream.cli.publish;

import io.depthstream.core.dataset.DatasetFiles;
import io.depthstream.core.dataset.NyuCsv;
import io.depthstream.core.dataset.NyuLayout;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.geometry.CameraIntrinsics;
import io.depthstream.core.geometry.RigidTransform;
import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FrameSource;
import io.depthstream.fleet.SensorRecords;
import io.depthstream.schemas.ImageEncoding;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * DenseDepth's NYU Depth v2 data ({@link NyuLayout}: its {@code nyu_data.zip}, or the folder it
 * unpacks to, or what {@code ./depthstream synth --layout nyu} writes) as one robot's camera: each
 * pair of the chosen split's CSV becomes a frame plus a DEPTH_IMAGE ground truth at the same
 * instant, in millimetres. The test split's depth is already 16-bit millimetres and is sent as
 * stored; the training split's 8-bit depth (v/255·10 m) is converted. A calibration with the NYU
 * Kinect's intrinsics comes first (its depth is registered to the colour camera, hence the identity
 * extrinsic).
 */
public final class NyuSource implements FrameSource {

  /** NYU Depth v2's colour camera (Silberman et al.'s toolbox), for 640×480 frames. */
  static final CameraIntrinsics KINECT =
      new CameraIntrinsics(518.857901, 519.469611, 325.582449, 253.736166, 640, 480);

  private final Path path;
  private final DatasetFiles files;
  private final boolean testSplit;
  private final List<NyuCsv.Pair> pairs;
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
    this.files = DatasetFiles.open(path);
    try {
      this.pairs = NyuCsv.read(files, testSplit ? NyuLayout.TEST_CSV : NyuLayout.TRAIN_CSV);
    } catch (RuntimeException e) {
      files.close();
      throw e;
    }
    this.camera = new SensorRecords(vehicleId, cameraId);
    this.fps = fps;
    this.encoding = encoding;
    this.clock = clock;
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
          new CameraCalibration(KINECT, RigidTransform.identity()), clock.toCapture(0));
    }
    int index = next++;
    NyuCsv.Pair pair = pairs.get(index);
    long capture = clock.toCapture(Math.round(index * 1000.0 / fps));
    StoredPicture picture =
        StoredPicture.of(files.describe(pair.rgb()), files.read(pair.rgb()), encoding);
    byte[] depth = files.read(pair.depth());
    // the test split's 16-bit millimetres go as stored; the training split's 8 bits are converted
    byte[] millimetres =
        testSplit
            ? depth
            : DepthPngCodec.encode(
                NyuLayout.trainDepth(depth, files.describe(pair.depth())),
                DepthPngCodec.MILLIMETRES);
    ready.add(camera.depthImage(index, capture, millimetres, DepthPngCodec.MILLIMETRES));
    return camera.frame(
        index, capture, picture.encoding(), picture.width(), picture.height(), picture.data());
  }

  @Override
  public void close() {
    files.close();
  }
}
