package io.depthstream.schemas.serde;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.GroundTruthKind;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.schemas.MetricsScope;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.SensorCalibration;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.List;

/** One filled-in record of each type, with values that differ per field so mix-ups show. */
final class Records {

  static final Instant CAPTURED = Instant.ofEpochMilli(1_795_000_000_123L);

  private Records() {}

  static CameraFrame cameraFrame() {
    return CameraFrame.newBuilder()
        .setVehicleId("v7")
        .setCameraId("cam0")
        .setSequence(1234)
        .setCaptureTime(CAPTURED)
        .setEncoding(ImageEncoding.RGB8)
        .setWidth(2)
        .setHeight(1)
        .setData(ByteBuffer.wrap(new byte[] {10, 20, 30, 40, 50, 60}))
        .build();
  }

  static GroundTruth groundTruth() {
    ByteBuffer points = ByteBuffer.allocate(2 * 4 * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    points.putFloat(12.5f).putFloat(-1.25f).putFloat(0.5f).putFloat(0.8f);
    points.putFloat(30f).putFloat(2f).putFloat(-1.5f).putFloat(0.1f);
    return GroundTruth.newBuilder()
        .setVehicleId("v7")
        .setCameraId("cam0")
        .setSequence(99)
        .setCaptureTime(CAPTURED.plusMillis(12))
        .setKind(GroundTruthKind.POINT_CLOUD)
        .setPointStride(4)
        .setPoints(points.flip())
        .build();
  }

  static SensorCalibration sensorCalibration() {
    return SensorCalibration.newBuilder()
        .setVehicleId("v7")
        .setCameraId("cam0")
        .setFx(721.5377)
        .setFy(721.5377)
        .setCx(609.5593)
        .setCy(172.854)
        .setWidth(1242)
        .setHeight(375)
        .setLidarToCamera(
            List.of(
                7.533745e-03,
                -9.999714e-01,
                -6.166020e-04,
                -4.069766e-03,
                1.480249e-02,
                7.280733e-04,
                -9.998902e-01,
                -7.631618e-02,
                9.998621e-01,
                7.523790e-03,
                1.480755e-02,
                -2.717806e-01))
        .build();
  }

  static DepthMap depthMap() {
    return DepthMap.newBuilder()
        .setVehicleId("v7")
        .setCameraId("cam0")
        .setSequence(1234)
        .setCaptureTime(CAPTURED)
        .setWidth(320)
        .setHeight(240)
        .setScale(0.001)
        .setDepthPng(ByteBuffer.wrap(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}))
        .setModelId("densedepth-169")
        .setModelVersion("1.2.0")
        .setProvider("CUDA")
        .setInferenceMs(11.25)
        .setEndToEndMs(48.5)
        .build();
  }

  static FrameMetrics frameMetrics() {
    return FrameMetrics.newBuilder()
        .setVehicleId("v7")
        .setCameraId("cam0")
        .setSequence(1234)
        .setCaptureTime(CAPTURED)
        .setModelId("densedepth-169")
        .setModelVersion("1.2.0")
        .setGroundTruthOffsetMs(-12)
        .setValidPixels(18_750)
        .setDelta1(0.846)
        .setDelta2(0.974)
        .setDelta3(0.994)
        .setAbsRel(0.123)
        .setSqRel(0.091)
        .setRmse(0.465)
        .setRmseLog(0.161)
        .setLog10(0.053)
        .setSilog(14.2)
        .build();
  }

  static MetricsWindow metricsWindow() {
    return MetricsWindow.newBuilder()
        .setScope(MetricsScope.MODEL)
        .setScopeKey("densedepth-169")
        .setModelId("densedepth-169")
        .setWindowStart(1_795_000_000_000L)
        .setWindowEnd(1_795_000_060_000L)
        .setFrames(1800)
        .setDelta1(0.85)
        .setDelta2(0.97)
        .setDelta3(0.99)
        .setAbsRel(0.12)
        .setSqRel(0.09)
        .setRmse(0.47)
        .setRmseLog(0.16)
        .setLog10(0.05)
        .setSilog(14.0)
        .build();
  }
}
