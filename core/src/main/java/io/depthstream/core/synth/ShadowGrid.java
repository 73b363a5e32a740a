package io.depthstream.core.synth;

import java.util.ArrayList;
import java.util.List;

/**
 * Answers "does anything block the light between this point and the lamp (or sun)?" quickly: the
 * shadow-casting primitives are bucketed by their footprint on a horizontal grid, and a shadow ray
 * walks the cells under it (Amanatides–Woo traversal), testing only what stands there, until it
 * rises above the tallest primitive or leaves the grid.
 */
final class ShadowGrid {

  private static final int MAX_CELLS_PER_SIDE = 256;
  private static final double MIN_CELL = 0.25;

  private final double minX;
  private final double minY;
  private final double cell;
  private final int nx;
  private final int ny;
  private final double top;
  private final Primitive[][] cells;

  /** A grid over {@code casters}; emissive primitives (lamps) cast no shadow and are left out. */
  ShadowGrid(Primitive[] casters) {
    List<Primitive> solid = new ArrayList<>();
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    double z1 = Double.NEGATIVE_INFINITY;
    for (Primitive p : casters) {
      Bounds b = p.bounds();
      if (b == null || p.material().pattern().emissive()) {
        continue;
      }
      solid.add(p);
      x0 = Math.min(x0, b.minX());
      y0 = Math.min(y0, b.minY());
      x1 = Math.max(x1, b.maxX());
      y1 = Math.max(y1, b.maxY());
      z1 = Math.max(z1, b.maxZ());
    }
    if (solid.isEmpty()) {
      x0 = y0 = 0;
      x1 = y1 = 1;
      z1 = 0;
    }
    this.cell = Math.max(MIN_CELL, Math.max(x1 - x0, y1 - y0) / MAX_CELLS_PER_SIDE);
    this.minX = x0;
    this.minY = y0;
    this.nx = Math.max(1, (int) Math.ceil((x1 - x0) / cell));
    this.ny = Math.max(1, (int) Math.ceil((y1 - y0) / cell));
    this.top = z1;
    List<List<Primitive>> lists = new ArrayList<>(nx * ny);
    for (int i = 0; i < nx * ny; i++) {
      lists.add(null);
    }
    for (Primitive p : solid) {
      Bounds b = p.bounds();
      for (int j = cellY(b.minY()); j <= cellY(b.maxY()); j++) {
        for (int i = cellX(b.minX()); i <= cellX(b.maxX()); i++) {
          List<Primitive> list = lists.get(j * nx + i);
          if (list == null) {
            list = new ArrayList<>(2);
            lists.set(j * nx + i, list);
          }
          list.add(p);
        }
      }
    }
    this.cells = new Primitive[nx * ny][];
    for (int i = 0; i < cells.length; i++) {
      List<Primitive> list = lists.get(i);
      cells[i] = list == null ? new Primitive[0] : list.toArray(new Primitive[0]);
    }
  }

  /**
   * Whether a primitive crosses the ray {@code o + t·d} for 0 < t < {@code maxT}; {@code o} should
   * sit a hair off the surface it starts on.
   */
  boolean blocked(double ox, double oy, double oz, double dx, double dy, double dz, double maxT) {
    double limit = maxT;
    if (oz > top && dz >= 0) {
      return false;
    }
    if (dz > 0) {
      limit = Math.min(limit, (top - oz) / dz);
    }
    // clip the ray to the grid, so a point outside it still finds what lies inside
    double t = 0;
    double tExit = limit;
    if (dx == 0) {
      if (ox < minX || ox > minX + nx * cell) {
        return false;
      }
    } else {
      double a = (minX - ox) / dx;
      double b = (minX + nx * cell - ox) / dx;
      t = Math.max(t, Math.min(a, b));
      tExit = Math.min(tExit, Math.max(a, b));
    }
    if (dy == 0) {
      if (oy < minY || oy > minY + ny * cell) {
        return false;
      }
    } else {
      double a = (minY - oy) / dy;
      double b = (minY + ny * cell - oy) / dy;
      t = Math.max(t, Math.min(a, b));
      tExit = Math.min(tExit, Math.max(a, b));
    }
    if (t > tExit) {
      return false;
    }
    int i = clampCell((int) Math.floor((ox + t * dx - minX) / cell), nx);
    int j = clampCell((int) Math.floor((oy + t * dy - minY) / cell), ny);
    int stepI = dx > 0 ? 1 : -1;
    int stepJ = dy > 0 ? 1 : -1;
    double nextX =
        dx == 0 ? Double.POSITIVE_INFINITY : (minX + (i + (dx > 0 ? 1 : 0)) * cell - ox) / dx;
    double nextY =
        dy == 0 ? Double.POSITIVE_INFINITY : (minY + (j + (dy > 0 ? 1 : 0)) * cell - oy) / dy;
    double deltaX = dx == 0 ? Double.POSITIVE_INFINITY : cell / Math.abs(dx);
    double deltaY = dy == 0 ? Double.POSITIVE_INFINITY : cell / Math.abs(dy);
    while (true) {
      for (Primitive p : cells[j * nx + i]) {
        double hit = p.intersect(ox, oy, oz, dx, dy, dz);
        if (hit < limit) {
          return true;
        }
      }
      if (nextX < nextY) {
        if (nextX > tExit) {
          return false;
        }
        i += stepI;
        nextX += deltaX;
      } else {
        if (nextY > tExit) {
          return false;
        }
        j += stepJ;
        nextY += deltaY;
      }
      if (i < 0 || j < 0 || i >= nx || j >= ny) {
        return false;
      }
    }
  }

  private int cellX(double x) {
    return clampCell((int) Math.floor((x - minX) / cell), nx);
  }

  private int cellY(double y) {
    return clampCell((int) Math.floor((y - minY) / cell), ny);
  }

  private static int clampCell(int c, int n) {
    return c < 0 ? 0 : (c >= n ? n - 1 : c);
  }
}
