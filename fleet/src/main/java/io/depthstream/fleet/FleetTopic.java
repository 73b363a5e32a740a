package io.depthstream.fleet;

/** The input topics a fleet writes to (docs/DESIGN.md "Topics"); their names come from options. */
public enum FleetTopic {
  /** {@code camera.frames}: CameraFrame values. */
  FRAMES,
  /** {@code lidar.scans}: GroundTruth values. */
  SCANS,
  /** {@code sensor.calibration}, compacted: SensorCalibration values. */
  CALIBRATION
}
