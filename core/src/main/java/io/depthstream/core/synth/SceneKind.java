package io.depthstream.core.synth;

/**
 * The two synthetic worlds and the sensor envelope each imitates: an NYU-like room seen by a
 * Kinect-like camera (depth at most 10 m) and a KITTI-like street seen from a car (depth capped at
 * 80 m, LiDAR out to 120 m).
 */
public enum SceneKind {
  /** A furnished room walked around by a robot; every pixel has depth, none beyond 10 m. */
  INDOOR(62.0, 10.0, 10.0),
  /** A city street driven down by a car; sky and anything beyond 80 m has no depth. */
  STREET(81.5, 80.0, 120.0);

  private final double horizontalFovDegrees;
  private final double maxDepthMetres;
  private final double lidarRangeMetres;

  SceneKind(double horizontalFovDegrees, double maxDepthMetres, double lidarRangeMetres) {
    this.horizontalFovDegrees = horizontalFovDegrees;
    this.maxDepthMetres = maxDepthMetres;
    this.lidarRangeMetres = lidarRangeMetres;
  }

  /**
   * Horizontal field of view of the camera: NYU's Kinect is about 63°, KITTI's cameras about 81°.
   */
  public double horizontalFovDegrees() {
    return horizontalFovDegrees;
  }

  /**
   * Largest depth the dense map reports; farther surfaces are drawn (hazy) but marked invalid, as a
   * depth sensor with this range would report them and as the evaluation protocols cap them.
   */
  public double maxDepthMetres() {
    return maxDepthMetres;
  }

  /** Largest range at which the simulated LiDAR returns a point. */
  public double lidarRangeMetres() {
    return lidarRangeMetres;
  }

  /** Parses "indoor" or "street" in any case; the error lists the choices. */
  public static SceneKind parse(String name) {
    for (SceneKind kind : values()) {
      if (kind.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown scene '" + name + "'; choose one of: indoor, street");
  }
}
