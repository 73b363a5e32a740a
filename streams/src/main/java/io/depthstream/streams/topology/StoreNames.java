package io.depthstream.streams.topology;

/** Names of the service's state stores, shared by the topology and the REST queries. */
public final class StoreNames {

  /** Latest valid calibration bytes per vehicle/camera, from the compacted calibration topic. */
  public static final String CALIBRATIONS = "calibrations";

  /** Cameras (vehicle/camera) each task keeps state for, with when each was last seen. */
  public static final String CAMERAS = "cameras";

  /** Depth maps waiting for their match window to close, ordered by capture time. */
  public static final String PENDING_FRAMES = "pending-frames";

  /** Ground truth (depth-image form) per vehicle/camera by capture time. */
  public static final String GROUND_TRUTH = "ground-truth";

  /** Newest depth map per vehicle/camera. */
  public static final String LATEST_DEPTH = "latest-depth-maps";

  /** Newest closed tumbling window per vehicle. */
  public static final String LATEST_WINDOWS = "latest-vehicle-windows";

  /** Tumbling window aggregates. */
  public static final String TUMBLING_WINDOWS = "windows-tumbling";

  /** Hopping window aggregates. */
  public static final String HOPPING_WINDOWS = "windows-hopping";

  private StoreNames() {}
}
