package io.depthstream.cli.publish;

import static io.depthstream.cli.publish.PublishedRecords.drain;
import static io.depthstream.cli.publish.PublishedRecords.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FleetTopic;
import io.depthstream.fleet.SyntheticFleetSource;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.schemas.serde.AvroBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SyntheticFleetSourceTest {

  private static final int W = 32;
  private static final int H = 24;
  private static final long START = 1_790_000_000_000L;

  private static SyntheticFleetSource fleet(
      int vehicles, int frames, double fps, ImageEncoding encoding) {
    return new SyntheticFleetSource(
        SceneKind.STREET,
        vehicles,
        "cam0",
        W,
        H,
        frames,
        fps,
        encoding,
        5,
        CaptureClock.live(START),
        2);
  }

  @Test
  void calibrationsFirstThenFrameAndScanPerVehicleAndInstant() {
    List<FleetRecord> records = drain(fleet(2, 2, 10, ImageEncoding.JPEG));

    assertThat(records).hasSize(2 + 2 * 2 * 2);
    assertThat(records.subList(0, 2))
        .extracting(FleetRecord::topic)
        .containsOnly(FleetTopic.CALIBRATION);
    assertThat(records.subList(0, 2))
        .extracting(FleetRecord::key)
        .containsExactly("v0/cam0", "v1/cam0");
    assertThat(records.subList(2, 10))
        .extracting(r -> r.topic() + " " + r.key() + " " + (r.timestampMillis() - START))
        .containsExactly(
            "FRAMES v0/cam0 0",
            "SCANS v0/cam0 0",
            "FRAMES v1/cam0 0",
            "SCANS v1/cam0 0",
            "FRAMES v0/cam0 100",
            "SCANS v0/cam0 100",
            "FRAMES v1/cam0 100",
            "SCANS v1/cam0 100");
  }

  @Test
  void recordsSurviveTheSerdesAndCarryTheWorld() {
    List<FleetRecord> records = drain(fleet(2, 2, 25, ImageEncoding.JPEG));
    SyntheticWorld world1 = new SyntheticWorld(SceneKind.STREET, 6);
    SyntheticFrame expected = world1.render(W, H, 1);

    SensorCalibration calibration = (SensorCalibration) roundTrip(records.get(1));
    assertThat(calibration.getVehicleId()).isEqualTo("v1");
    assertThat(calibration.getFx()).isEqualTo(expected.calibration().intrinsics().fx());
    assertThat(calibration.getWidth()).isEqualTo(W);
    assertThat(calibration.getLidarToCamera())
        .containsExactly(box(expected.calibration().lidarToCamera().matrix3x4()));

    // v1's frame 1 at 25 fps: 40 ms after the first instant
    CameraFrame frame = (CameraFrame) roundTrip(records.get(2 + 4 + 2));
    assertThat(frame.getVehicleId()).isEqualTo("v1");
    assertThat(frame.getSequence()).isEqualTo(1);
    assertThat(frame.getCaptureTime()).isEqualTo(Instant.ofEpochMilli(START + 40));
    assertThat(records.get(8).timestampMillis()).isEqualTo(START + 40);
    assertThat(frame.getEncoding()).isEqualTo(ImageEncoding.JPEG);
    RgbImage decoded =
        new ImageDecoder().decode(AvroBytes.toArray(frame.getData()), ImageFormat.JPEG, 0, 0);
    assertThat(decoded.width()).isEqualTo(W);
    assertThat(decoded.height()).isEqualTo(H);

    GroundTruth scan = (GroundTruth) roundTrip(records.get(9));
    assertThat(scan.getKind()).isEqualTo(GroundTruthKind.POINT_CLOUD);
    assertThat(scan.getPointStride()).isEqualTo(4);
    assertThat(scan.getCaptureTime()).isEqualTo(frame.getCaptureTime());
    float[] points = expected.lidarPoints();
    ByteBuffer packed = scan.getPoints().duplicate().order(ByteOrder.LITTLE_ENDIAN);
    assertThat(packed.remaining()).isEqualTo(points.length * 4);
    for (int i = 0; i < points.length; i += 997) {
      assertThat(packed.getFloat(i * 4)).isEqualTo(points[i]);
    }
  }

  @ParameterizedTest
  @EnumSource(ImageEncoding.class)
  void eachEncodingDecodesToTheRenderedPicture(ImageEncoding encoding) {
    List<FleetRecord> records = drain(fleet(1, 1, 10, encoding));
    CameraFrame frame = (CameraFrame) roundTrip(records.get(1));
    assertThat(frame.getEncoding()).isEqualTo(encoding);
    assertThat(frame.getWidth()).isEqualTo(W);
    assertThat(frame.getHeight()).isEqualTo(H);
    RgbImage decoded =
        new ImageDecoder()
            .decode(AvroBytes.toArray(frame.getData()), ImageFormat.valueOf(encoding.name()), W, H);
    byte[] rendered = new SyntheticWorld(SceneKind.STREET, 5).render(W, H, 0).rgb().rgb();
    if (encoding == ImageEncoding.JPEG) {
      assertThat(meanAbsoluteDifference(decoded.rgb(), rendered)).isLessThan(12);
    } else {
      assertThat(decoded.rgb()).isEqualTo(rendered);
    }
  }

  @Test
  void frameCountCoversTheFleet() {
    try (SyntheticFleetSource source = fleet(3, 4, 10, ImageEncoding.PNG)) {
      assertThat(source.frameCount()).isEqualTo(12);
      assertThat(source.description()).contains("3 vehicles x 4 frames");
    }
  }

  private static double meanAbsoluteDifference(byte[] a, byte[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
    }
    return (double) sum / a.length;
  }

  private static Double[] box(double[] values) {
    Double[] boxed = new Double[values.length];
    for (int i = 0; i < values.length; i++) {
      boxed[i] = values[i];
    }
    return boxed;
  }
}
