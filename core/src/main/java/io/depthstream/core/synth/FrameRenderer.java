package io.depthstream.core.synth;

import io.depthstream.core.geometry.CameraIntrinsics;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Ray casts one camera image and its z-depth. Pixel (x, y) covers image points [x, x+1) × [y, y+1)
 * and looks along the ray through its centre (x + ½, y + ½), the convention {@code LidarProjector}
 * uses, so a LiDAR point projected to u = fx·X/Z + cx lands on pixel ⌊u⌋, whose depth it should
 * match.
 *
 * <p>Before casting, each bounded primitive's box is projected to a screen rectangle, and each row
 * keeps the list of primitives whose rectangle it crosses; a pixel tests only those and the
 * unbounded planes.
 */
final class FrameRenderer {

  private static final double NEAR = 0.01;

  private final Scene scene;
  private final CameraIntrinsics k;
  private final double maxDepth;
  private final double ox;
  private final double oy;
  private final double oz;
  private final double[] m;
  private final Primitive[] planes;
  private final Primitive[] bounded;
  private final int[] left;
  private final int[] right;
  private final int[][] rows;
  private final ShadowGrid shadows;

  FrameRenderer(Scene scene, CameraIntrinsics k, RigPose pose, SensorRig rig, double maxDepth) {
    this.scene = scene;
    this.k = k;
    this.maxDepth = maxDepth;
    this.ox = pose.x();
    this.oy = pose.y();
    this.oz = pose.z();
    this.m = rig.cameraToWorld(pose);
    List<Primitive> unbounded = new ArrayList<>();
    List<Primitive> finite = new ArrayList<>();
    for (Primitive p : scene.primitives()) {
      (p.bounds() == null ? unbounded : finite).add(p);
    }
    this.planes = unbounded.toArray(new Primitive[0]);
    this.bounded = finite.toArray(new Primitive[0]);
    this.left = new int[bounded.length];
    this.right = new int[bounded.length];
    this.rows = cull();
    this.shadows = new ShadowGrid(bounded);
  }

  /** Screen rectangles of all bounded primitives, gathered into per-row candidate lists. */
  private int[][] cull() {
    int w = k.width();
    int h = k.height();
    int[] top = new int[bounded.length];
    int[] bottom = new int[bounded.length];
    int[] perRow = new int[h];
    for (int i = 0; i < bounded.length; i++) {
      Bounds b = bounded[i].bounds();
      double u0 = Double.POSITIVE_INFINITY;
      double u1 = Double.NEGATIVE_INFINITY;
      double v0 = Double.POSITIVE_INFINITY;
      double v1 = Double.NEGATIVE_INFINITY;
      int behind = 0;
      for (int c = 0; c < 8; c++) {
        double ex = b.cornerX(c) - ox;
        double ey = b.cornerY(c) - oy;
        double ez = b.cornerZ(c) - oz;
        // world → camera is the transpose of camera → world
        double x = m[0] * ex + m[3] * ey + m[6] * ez;
        double y = m[1] * ex + m[4] * ey + m[7] * ez;
        double z = m[2] * ex + m[5] * ey + m[8] * ez;
        if (z < NEAR) {
          behind++;
          continue;
        }
        double u = k.fx() * x / z + k.cx();
        double v = k.fy() * y / z + k.cy();
        u0 = Math.min(u0, u);
        u1 = Math.max(u1, u);
        v0 = Math.min(v0, v);
        v1 = Math.max(v1, v);
      }
      if (behind == 8) {
        top[i] = 1;
        bottom[i] = 0;
        continue;
      }
      if (behind > 0) {
        // straddles the camera plane: its projection is unbounded, so test it everywhere
        u0 = v0 = Double.NEGATIVE_INFINITY;
        u1 = v1 = Double.POSITIVE_INFINITY;
      }
      left[i] = (int) Math.max(0, Math.floor(u0) - 1);
      right[i] = (int) Math.min(w - 1, Math.ceil(u1) + 1);
      top[i] = (int) Math.max(0, Math.floor(v0) - 1);
      bottom[i] = (int) Math.min(h - 1, Math.ceil(v1) + 1);
      if (left[i] > right[i]) {
        top[i] = 1;
        bottom[i] = 0;
      }
      for (int y = top[i]; y <= bottom[i]; y++) {
        perRow[y]++;
      }
    }
    int[][] lists = new int[h][];
    for (int y = 0; y < h; y++) {
      lists[y] = new int[perRow[y]];
      perRow[y] = 0;
    }
    for (int i = 0; i < bounded.length; i++) {
      for (int y = top[i]; y <= bottom[i]; y++) {
        lists[y][perRow[y]++] = i;
      }
    }
    return lists;
  }

  /** Fills {@code rgb} (interleaved 8-bit) and {@code depth} (metres, 0 = none) for every pixel. */
  void render(byte[] rgb, float[] depth, boolean parallelRows) {
    IntStream rowsToDo = IntStream.range(0, k.height());
    if (parallelRows) {
      rowsToDo = rowsToDo.parallel();
    }
    rowsToDo.forEach(y -> renderRow(y, rgb, depth));
  }

  private void renderRow(int y, byte[] rgb, float[] depth) {
    SurfacePoint sp = new SurfacePoint();
    double[] colour = new double[3];
    int w = k.width();
    double yn = (y + 0.5 - k.cy()) / k.fy();
    int[] candidates = rows[y];
    for (int x = 0; x < w; x++) {
      double xn = (x + 0.5 - k.cx()) / k.fx();
      double dx = m[0] * xn + m[1] * yn + m[2];
      double dy = m[3] * xn + m[4] * yn + m[5];
      double dz = m[6] * xn + m[7] * yn + m[8];
      double best = Double.POSITIVE_INFINITY;
      Primitive hit = null;
      for (Primitive p : planes) {
        double t = p.intersect(ox, oy, oz, dx, dy, dz);
        if (t < best) {
          best = t;
          hit = p;
        }
      }
      for (int i : candidates) {
        if (x < left[i] || x > right[i]) {
          continue;
        }
        double t = bounded[i].intersect(ox, oy, oz, dx, dy, dz);
        if (t < best) {
          best = t;
          hit = bounded[i];
        }
      }
      int pixel = y * w + x;
      if (hit == null) {
        if (scene.sky() != null) {
          scene.sky().colour(dx, dy, dz, colour);
        } else {
          colour[0] = colour[1] = colour[2] = 0;
        }
        depth[pixel] = 0f;
      } else {
        shade(hit, best, dx, dy, dz, sp, colour);
        // the ray direction has unit z in the camera frame, so t is the z-depth
        depth[pixel] = best <= maxDepth ? (float) best : 0f;
      }
      rgb[pixel * 3] = toByte(colour[0]);
      rgb[pixel * 3 + 1] = toByte(colour[1]);
      rgb[pixel * 3 + 2] = toByte(colour[2]);
    }
  }

  private void shade(
      Primitive hit, double t, double dx, double dy, double dz, SurfacePoint sp, double[] out) {
    double px = ox + t * dx;
    double py = oy + t * dy;
    double pz = oz + t * dz;
    hit.describe(px, py, pz, sp);
    double len = Math.sqrt(dx * dx + dy * dy + dz * dz);
    double facing = (sp.nx * dx + sp.ny * dy + sp.nz * dz) / len;
    if (facing > 0) {
      // seen from behind (inside a thin board): light the side the camera sees
      sp.nx = -sp.nx;
      sp.ny = -sp.ny;
      sp.nz = -sp.nz;
    }
    double footprint = t / k.fx() / Math.max(0.25, Math.abs(facing));
    Material material = hit.material();
    material.pattern().albedo(material, sp.u, sp.v, footprint, out);
    if (!material.pattern().emissive()) {
      Lighting lighting = scene.lighting();
      double direct = lighting.direct(px, py, pz, sp.nx, sp.ny, sp.nz);
      if (direct > 0 && inShadow(lighting, px, py, pz, sp)) {
        direct = 0;
      }
      double light = lighting.ambient(sp.nz) + direct;
      out[0] *= light;
      out[1] *= light;
      out[2] *= light;
    }
    if (scene.sky() != null) {
      scene.sky().fog(t * len, out);
    }
  }

  private boolean inShadow(Lighting lighting, double px, double py, double pz, SurfacePoint sp) {
    // start a millimetre off the surface so the ray does not find the surface it leaves
    double sx = px + sp.nx * 1e-3;
    double sy = py + sp.ny * 1e-3;
    double sz = pz + sp.nz * 1e-3;
    if (lighting.sun()) {
      return shadows.blocked(
          sx, sy, sz, lighting.lx(), lighting.ly(), lighting.lz(), Double.POSITIVE_INFINITY);
    }
    return shadows.blocked(
        sx, sy, sz, lighting.lx() - sx, lighting.ly() - sy, lighting.lz() - sz, 1);
  }

  private static byte toByte(double value) {
    double v = value * 255 + 0.5;
    return (byte) (v <= 0 ? 0 : (v >= 255 ? 255 : (int) v));
  }
}
