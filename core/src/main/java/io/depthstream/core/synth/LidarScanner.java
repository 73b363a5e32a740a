package io.depthstream.core.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * A spinning multi-beam LiDAR like KITTI's Velodyne HDL-64E: {@code beams} lasers spread evenly
 * between {@code upDegrees} and {@code downDegrees} of elevation, fired every {@code
 * azimuthStepDegrees} over a full turn. Points come back in the LiDAR frame (x forward, y left, z
 * up) as packed x, y, z, intensity; rays that hit nothing within range return nothing.
 *
 * <p>Primitives are binned by the azimuth range they span seen from the LiDAR, so a ray tests only
 * the primitives in its one-degree bin and the unbounded planes.
 */
final class LidarScanner {

  private static final int BINS = 360;
  private static final double MIN_RANGE = 0.5;

  private final int beams;
  private final double upDegrees;
  private final double downDegrees;
  private final double azimuthStepDegrees;
  private final double maxRange;

  LidarScanner(
      int beams, double upDegrees, double downDegrees, double azimuthStepDegrees, double maxRange) {
    if (beams < 2 || !(upDegrees > downDegrees) || !(azimuthStepDegrees > 0) || !(maxRange > 0)) {
      throw new IllegalArgumentException(
          "LiDAR needs at least 2 beams, up > down, a positive azimuth step and range; got "
              + beams
              + " beams, "
              + upDegrees
              + ".."
              + downDegrees
              + "°, step "
              + azimuthStepDegrees
              + "°, range "
              + maxRange
              + " m");
    }
    this.beams = beams;
    this.upDegrees = upDegrees;
    this.downDegrees = downDegrees;
    this.azimuthStepDegrees = azimuthStepDegrees;
    this.maxRange = maxRange;
  }

  /** A 64-beam sensor with KITTI's vertical field of view (+2° to −24.8°) at 0.2° steps. */
  static LidarScanner velodyne64(double maxRange) {
    return new LidarScanner(64, 2.0, -24.8, 0.2, maxRange);
  }

  /** One full sweep from {@code pose}: packed float x, y, z, intensity per return. */
  float[] sweep(Scene scene, RigPose pose, SensorRig rig) {
    double[] origin = rig.lidarOrigin(pose);
    List<Primitive> unbounded = new ArrayList<>();
    List<Primitive> finite = new ArrayList<>();
    for (Primitive p : scene.primitives()) {
      (p.bounds() == null ? unbounded : finite).add(p);
    }
    Primitive[] planes = unbounded.toArray(new Primitive[0]);
    Primitive[][] bins = bin(finite, origin);
    int columns = (int) Math.round(360.0 / azimuthStepDegrees);
    double c = StrictMath.cos(pose.yaw());
    double s = StrictMath.sin(pose.yaw());
    double[] elevationCos = new double[beams];
    double[] elevationSin = new double[beams];
    for (int b = 0; b < beams; b++) {
      double e = Math.toRadians(upDegrees - b * (upDegrees - downDegrees) / (beams - 1));
      elevationCos[b] = StrictMath.cos(e);
      elevationSin[b] = StrictMath.sin(e);
    }
    float[] points = new float[columns * beams * 4];
    int n = 0;
    SurfacePoint sp = new SurfacePoint();
    double[] albedo = new double[3];
    for (int col = 0; col < columns; col++) {
      // sweep from straight behind, counter-clockwise seen from above, like a Velodyne's packets
      double azimuth = Math.toRadians(-180 + col * azimuthStepDegrees);
      double ca = StrictMath.cos(azimuth);
      double sa = StrictMath.sin(azimuth);
      double worldAzimuth = pose.yaw() + azimuth;
      Primitive[] candidates = bins[binOf(worldAzimuth)];
      for (int b = 0; b < beams; b++) {
        double lx = elevationCos[b] * ca;
        double ly = elevationCos[b] * sa;
        double lz = elevationSin[b];
        double dx = lx * c - ly * s;
        double dy = lx * s + ly * c;
        double best = maxRange;
        Primitive hit = null;
        for (Primitive p : planes) {
          double t = p.intersect(origin[0], origin[1], origin[2], dx, dy, lz);
          if (t < best) {
            best = t;
            hit = p;
          }
        }
        for (Primitive p : candidates) {
          double t = p.intersect(origin[0], origin[1], origin[2], dx, dy, lz);
          if (t < best) {
            best = t;
            hit = p;
          }
        }
        if (hit == null || best < MIN_RANGE) {
          continue;
        }
        points[n++] = (float) (best * lx);
        points[n++] = (float) (best * ly);
        points[n++] = (float) (best * lz);
        points[n++] = intensity(hit, best, origin, dx, dy, lz, sp, albedo);
      }
    }
    return java.util.Arrays.copyOf(points, n);
  }

  /** Return strength: bright paint and surfaces facing the beam reflect more. */
  private float intensity(
      Primitive hit,
      double range,
      double[] origin,
      double dx,
      double dy,
      double dz,
      SurfacePoint sp,
      double[] albedo) {
    hit.describe(origin[0] + range * dx, origin[1] + range * dy, origin[2] + range * dz, sp);
    double incidence = Math.abs(sp.nx * dx + sp.ny * dy + sp.nz * dz);
    Material m = hit.material();
    double footprint = range * Math.toRadians(azimuthStepDegrees);
    m.pattern().albedo(m, sp.u, sp.v, footprint, albedo);
    double brightness = 0.3 * albedo[0] + 0.59 * albedo[1] + 0.11 * albedo[2];
    return (float) Pattern.clamp(brightness * (0.35 + 0.65 * incidence));
  }

  private Primitive[][] bin(List<Primitive> finite, double[] origin) {
    List<List<Primitive>> lists = new ArrayList<>(BINS);
    for (int i = 0; i < BINS; i++) {
      lists.add(new ArrayList<>());
    }
    for (Primitive p : finite) {
      Bounds b = p.bounds();
      double nx = clampTo(origin[0], b.minX(), b.maxX()) - origin[0];
      double ny = clampTo(origin[1], b.minY(), b.maxY()) - origin[1];
      double nz = clampTo(origin[2], b.minZ(), b.maxZ()) - origin[2];
      if (nx * nx + ny * ny + nz * nz > maxRange * maxRange) {
        continue;
      }
      if (nx == 0 && ny == 0) {
        // the LiDAR stands inside the footprint: every azimuth may hit it
        for (List<Primitive> list : lists) {
          list.add(p);
        }
        continue;
      }
      double centre =
          StrictMath.atan2(
              (b.minY() + b.maxY()) / 2 - origin[1], (b.minX() + b.maxX()) / 2 - origin[0]);
      double lo = 0;
      double hi = 0;
      for (int corner = 0; corner < 4; corner++) {
        double a =
            StrictMath.atan2(b.cornerY(corner) - origin[1], b.cornerX(corner) - origin[0]) - centre;
        a = Math.IEEEremainder(a, 2 * Math.PI);
        lo = Math.min(lo, a);
        hi = Math.max(hi, a);
      }
      int first = (int) Math.floor(Math.toDegrees(centre + lo));
      int last = (int) Math.floor(Math.toDegrees(centre + hi));
      for (int d = first; d <= last; d++) {
        lists.get(Math.floorMod(d, BINS)).add(p);
      }
    }
    Primitive[][] bins = new Primitive[BINS][];
    for (int i = 0; i < BINS; i++) {
      bins[i] = lists.get(i).toArray(new Primitive[0]);
    }
    return bins;
  }

  private static int binOf(double azimuth) {
    return Math.floorMod((int) Math.floor(Math.toDegrees(azimuth)), BINS);
  }

  private static double clampTo(double v, double lo, double hi) {
    return v < lo ? lo : (v > hi ? hi : v);
  }
}
