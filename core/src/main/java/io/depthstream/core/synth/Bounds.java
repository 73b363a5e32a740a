package io.depthstream.core.synth;

/** An axis-aligned box in world coordinates that encloses a primitive; used to cull rays. */
record Bounds(double minX, double minY, double minZ, double maxX, double maxY, double maxZ) {

  /** Corner {@code i} (0..7), bit 0 choosing x, bit 1 y, bit 2 z. */
  double cornerX(int i) {
    return (i & 1) == 0 ? minX : maxX;
  }

  double cornerY(int i) {
    return (i & 2) == 0 ? minY : maxY;
  }

  double cornerZ(int i) {
    return (i & 4) == 0 ? minZ : maxZ;
  }
}
