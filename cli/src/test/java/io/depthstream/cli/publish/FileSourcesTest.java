package io.depthstream.cli.publish;

import static io.depthstream.cli.publish.PublishedRecords.drain;
import static io.depthstream.cli.publish.PublishedRecords.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.cli.synth.SynthCommand;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.geometry.CameraCalibration;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FleetTopic;
import io.depthstream.fleet.FrameEncoder;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.serde.AvroBytes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The file-backed sources, over the datasets `./depthstream synth` writes. */
class FileSourcesTest {

  private static final int W = 64;
  private static final int H = 48;

  @TempDir Path tmp;

  private void synth(String layout, String... extra) {
    String[] args =
        Stream.concat(
                Stream.of(
                    "--scene",
                    "street",
                    "--count",
                    "5",
                    "--size",
                    W + "x" + H,
                    "--seed",
                    "3",
                    "--layout",
                    layout,
                    "--out",
                    tmp.toString(),
                    "--threads",
                    "2"),
                Stream.of(extra))
            .toArray(String[]::new);
    assertThat(new CommandLine(new SynthCommand()).execute(args)).isZero();
  }

  @Test
  void kittiDriveYieldsCalibrationThenFramesWithTheirScansAtRecordedTimes() throws IOException {
    synth("kitti");
    List<FleetRecord> records =
        drain(new KittiDriveSource(tmp.resolve("kitti"), "car7", null, CaptureClock.recorded()));

    assertThat(records).hasSize(1 + 5 * 2);
    assertThat(records).extracting(FleetRecord::key).containsOnly("car7/image_02");
    CameraCalibration expected = new SyntheticWorld(SceneKind.STREET, 3).calibration(W, H);
    io.depthstream.schemas.SensorCalibration calibration =
        (io.depthstream.schemas.SensorCalibration) roundTrip(records.get(0));
    assertThat(calibration.getFx()).isCloseTo(expected.intrinsics().fx(), within(1e-4));
    assertThat(calibration.getCy()).isCloseTo(expected.intrinsics().cy(), within(1e-4));
    assertThat(calibration.getWidth()).isEqualTo(W);
    double[] m = expected.lidarToCamera().matrix3x4();
    for (int i = 0; i < 12; i++) {
      assertThat(calibration.getLidarToCamera().get(i)).isCloseTo(m[i], within(1e-5));
    }

    Path drive = tmp.resolve("kitti/2026_01_01_drive_0003_sync");
    for (int i = 0; i < 5; i++) {
      FleetRecord frameRecord = records.get(1 + 2 * i);
      FleetRecord scanRecord = records.get(2 + 2 * i);
      long time = SyntheticWorld.START_MILLIS + 100L * i;
      CameraFrame frame = (CameraFrame) roundTrip(frameRecord);
      assertThat(frameRecord.timestampMillis()).isEqualTo(time);
      assertThat(frame.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(time));
      assertThat(frame.getSequence()).isEqualTo(i);
      assertThat(frame.getEncoding()).isEqualTo(ImageEncoding.PNG);
      assertThat(AvroBytes.toArray(frame.getData()))
          .isEqualTo(
              Files.readAllBytes(drive.resolve(String.format("image_02/data/%010d.png", i))));
      GroundTruth scan = (GroundTruth) roundTrip(scanRecord);
      assertThat(scan.getKind()).isEqualTo(GroundTruthKind.POINT_CLOUD);
      assertThat(scan.getPointStride()).isEqualTo(4);
      assertThat(scanRecord.timestampMillis()).isEqualTo(time);
      assertThat(AvroBytes.toArray(scan.getPoints()))
          .isEqualTo(
              Files.readAllBytes(
                  drive.resolve(String.format("velodyne_points/data/%010d.bin", i))));
    }
  }

  @Test
  void kittiFramesReencodeToJpegAndShiftToALiveClock() {
    synth("kitti");
    long start = 1_800_000_000_000L;
    List<FleetRecord> records =
        drain(
            new KittiDriveSource(
                tmp.resolve("kitti"), "v0", ImageEncoding.JPEG, CaptureClock.live(start)));
    CameraFrame second = (CameraFrame) roundTrip(records.get(3));
    assertThat(second.getEncoding()).isEqualTo(ImageEncoding.JPEG);
    assertThat(second.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(start + 100));
    RgbImage decoded =
        new ImageDecoder().decode(AvroBytes.toArray(second.getData()), ImageFormat.JPEG, 0, 0);
    assertThat(decoded.width()).isEqualTo(W);
  }

  @Test
  void truncatedVelodyneScanIsNamed() throws IOException {
    synth("kitti");
    Path drive;
    try (Stream<Path> drives = Files.list(tmp.resolve("kitti"))) {
      drive = drives.filter(Files::isDirectory).findFirst().orElseThrow();
    }
    Files.write(drive.resolve("velodyne_points/data/0000000000.bin"), new byte[17]);
    assertThatThrownBy(
            () -> drain(new KittiDriveSource(drive, "v0", null, CaptureClock.recorded())))
        .hasMessageContaining("0000000000.bin has 17 bytes, not a whole number of 16-byte");
  }

  @Test
  void notAKittiDriveIsRefusedWithTheFix() {
    assertThatThrownBy(() -> new KittiDriveSource(tmp, "v0", null, CaptureClock.recorded()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image_02/data")
        .hasMessageContaining("synth --layout kitti");
  }

  @Test
  void nyuTestSplitSendsFramesWithMillimetreDepthImagesAsStored() throws IOException {
    synth("nyu", "--test-fraction", "0.4");
    List<FleetRecord> records =
        drain(
            new NyuSource(
                tmp.resolve("nyu"), "test", "robot", "rgb", 5, null, CaptureClock.live(1000)));

    assertThat(records).hasSize(1 + 2 * 2);
    assertThat(records.get(0).topic()).isEqualTo(FleetTopic.CALIBRATION);
    CameraFrame frame = (CameraFrame) roundTrip(records.get(3));
    GroundTruth depth = (GroundTruth) roundTrip(records.get(4));
    assertThat(records.get(3).key()).isEqualTo("robot/rgb");
    assertThat(frame.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(1000 + 200));
    assertThat(frame.getEncoding()).isEqualTo(ImageEncoding.PNG);
    assertThat(depth.getKind()).isEqualTo(GroundTruthKind.DEPTH_IMAGE);
    assertThat(depth.getDepthScale()).isEqualTo(DepthPngCodec.MILLIMETRES);
    assertThat(depth.getCaptureTime()).isEqualTo(frame.getCaptureTime());
    assertThat(AvroBytes.toArray(depth.getDepthPng()))
        .isEqualTo(Files.readAllBytes(tmp.resolve("nyu/data/nyu2_test/00001_depth.png")));
  }

  @Test
  void nyuTrainSplitConvertsEightBitDepthToMillimetres() throws IOException {
    synth("nyu", "--test-fraction", "0.4");
    List<FleetRecord> records =
        drain(
            new NyuSource(
                tmp.resolve("nyu"), "train", "robot", "rgb", 10, null, CaptureClock.recorded()));
    assertThat(records).hasSize(1 + 3 * 2);
    CameraFrame frame = (CameraFrame) roundTrip(records.get(1));
    assertThat(frame.getEncoding()).isEqualTo(ImageEncoding.JPEG);
    GroundTruth depth = (GroundTruth) roundTrip(records.get(2));
    DepthImage metres =
        DepthPngCodec.decode(AvroBytes.toArray(depth.getDepthPng()), depth.getDepthScale());
    int eightBit =
        javax.imageio.ImageIO.read(tmp.resolve(trainDepthPath()).toFile())
            .getRaster()
            .getSample(10, 20, 0);
    assertThat((double) metres.at(10, 20)).isCloseTo(eightBit / 255.0 * 10, within(0.001));
  }

  @Test
  void nyuZipReadsLikeItsFolder() throws IOException {
    synth("nyu", "--test-fraction", "0.4");
    Path root = tmp.resolve("nyu");
    Path zip = tmp.resolve("nyu_data.zip");
    try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
        Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        out.putNextEntry(new java.util.zip.ZipEntry(root.relativize(file).toString()));
        out.write(Files.readAllBytes(file));
        out.closeEntry();
      }
    }
    List<FleetRecord> fromZip =
        drain(new NyuSource(zip, "test", "r", "c", 10, null, CaptureClock.recorded()));
    List<FleetRecord> fromFolder =
        drain(new NyuSource(root, "test", "r", "c", 10, null, CaptureClock.recorded()));
    assertThat(fromZip).hasSameSizeAs(fromFolder);
    for (int i = 1; i < fromZip.size(); i++) {
      assertThat(fromZip.get(i).timestampMillis()).isEqualTo(fromFolder.get(i).timestampMillis());
      assertThat(fromZip.get(i).value()).isEqualTo(fromFolder.get(i).value());
    }
  }

  private Path trainDepthPath() throws IOException {
    String firstLine = Files.readAllLines(tmp.resolve("nyu/data/nyu2_train.csv")).get(0);
    return Path.of("nyu").resolve(firstLine.split(",")[1]);
  }

  @Test
  void imageFolderSendsPicturesInNameOrderAsStoredOrReencoded() throws IOException {
    RgbImage picture = new SyntheticWorld(SceneKind.INDOOR, 1).render(W, H, 0).rgb();
    Files.write(tmp.resolve("b.png"), ImageEncoder.png(picture));
    Files.write(tmp.resolve("a.jpg"), FrameEncoder.encode(picture, ImageEncoding.JPEG));
    Files.writeString(tmp.resolve("notes.txt"), "not a picture");

    List<FleetRecord> stored =
        drain(new ImageFolderSource(tmp, "v3", "front", 20, null, CaptureClock.live(5000)));
    assertThat(stored)
        .extracting(r -> ((CameraFrame) roundTrip(r)).getEncoding())
        .containsExactly(ImageEncoding.JPEG, ImageEncoding.PNG);
    assertThat(stored).extracting(FleetRecord::timestampMillis).containsExactly(5000L, 5050L);
    assertThat(stored).extracting(FleetRecord::key).containsOnly("v3/front");

    List<FleetRecord> raw =
        drain(
            new ImageFolderSource(
                tmp, "v3", "front", 20, ImageEncoding.RGB8, CaptureClock.live(0)));
    CameraFrame pngAsRaw = (CameraFrame) roundTrip(raw.get(1));
    assertThat(pngAsRaw.getEncoding()).isEqualTo(ImageEncoding.RGB8);
    assertThat(pngAsRaw.getWidth()).isEqualTo(W);
    assertThat(AvroBytes.toArray(pngAsRaw.getData())).isEqualTo(picture.rgb());
  }

  @Test
  void aCorruptPictureIsNamedWithTheFix() throws IOException {
    Files.write(
        tmp.resolve("broken.jpg"), new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
    ImageFolderSource source =
        new ImageFolderSource(tmp, "v0", "cam0", 10, null, CaptureClock.live(0));
    assertThatThrownBy(source::next)
        .hasMessageContaining("broken.jpg")
        .hasMessageContaining("remove or fix the file");
  }
}
