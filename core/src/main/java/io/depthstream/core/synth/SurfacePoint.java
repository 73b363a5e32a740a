package io.depthstream.core.synth;

/**
 * Scratch space for what a renderer needs at the nearest hit: the outward unit normal and texture
 * coordinates in metres. One per rendering thread, reused for every pixel.
 */
final class SurfacePoint {
  double nx;
  double ny;
  double nz;
  double u;
  double v;

  void set(double nx, double ny, double nz, double u, double v) {
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.u = u;
    this.v = v;
  }
}
