package io.depthstream.cli.publish;

/**
 * The default topic names of docs/DESIGN.md's topic table, named once for the Kafka commands'
 * options ({@link FleetTopicOptions}, {@link OutputTopicOptions}) and their tests; the service
 * reads the same names from {@code depthstream.topics.*}.
 */
public final class DefaultTopics {

  public static final String FRAMES = "camera.frames";
  public static final String SCANS = "lidar.scans";
  public static final String CALIBRATION = "sensor.calibration";
  public static final String DEPTH_MAPS = "depth.maps";
  public static final String METRICS_FRAMES = "depth.metrics.frames";
  public static final String METRICS_WINDOWS = "depth.metrics.windows";

  private DefaultTopics() {}
}
