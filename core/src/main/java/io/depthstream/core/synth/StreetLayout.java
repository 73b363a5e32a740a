package io.depthstream.core.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A KITTI-like city street running along +x without end: a road with lane and parking marks and
 * zebra crossings, raised sidewalks with trees and street lamps, parked and passing cars, and
 * buildings with rows of windows on both sides, broken by alleys. A car drives down the right lane
 * at a steady speed, weaving gently within it.
 *
 * <p>The street is cut into 40 m blocks, each generated from (seed, block number) alone, so any
 * frame can be rendered without the ones before it and only the blocks near the car are built.
 */
final class StreetLayout implements SceneLayout {

  static final double BLOCK_METRES = 40;
  static final double LANE_METRES = 3.5;
  static final double CAMERA_HEIGHT = 1.65;
  private static final double BEHIND = 125;
  private static final double AHEAD = 210;

  private static final int[] FACADES = {
    0xB5654A, 0xD9C9A3, 0xA7A9AC, 0xE8E4DA, 0x8C6E54, 0xC9B79C, 0x7E8C8D, 0xD4A373, 0x9E4B3C,
    0xBFC5B8
  };
  private static final int[] GLASS = {0x2C3E50, 0x34495E, 0x3B4F63, 0x1F2E3B, 0x40535E};
  private static final int[] CAR_PAINT = {
    0xB22222, 0x1E3A8A, 0xE5E5E5, 0x202020, 0x8A8F96, 0x2F6B3A, 0xD4A017, 0x5B3A29, 0xF2F2F2
  };

  private final long seed;
  private final int lanes;
  private final double roadHalf;
  private final double sidewalk;
  private final double metresPerFrame;
  private final double weavePhase;
  private final Lighting lighting;
  private final Sky sky;
  private final Material road;
  private final SensorRig rig = new SensorRig(0, 0.27, 0.08);

  StreetLayout(long seed) {
    this.seed = seed;
    Random rnd = WorldSeeds.random(seed);
    lanes = 1 + rnd.nextInt(2);
    roadHalf = lanes * LANE_METRES + Pattern.PARKING_LANE_METRES;
    sidewalk = 2.5 + 2.0 * rnd.nextDouble();
    metresPerFrame = 0.8 + 0.4 * rnd.nextDouble();
    weavePhase = 2 * Math.PI * rnd.nextDouble();
    lighting =
        Lighting.sun(
            Math.toRadians(25 + 30 * rnd.nextDouble()), 2 * Math.PI * rnd.nextDouble(), 0.55, 0.6);
    int[] horizons = {0xC8D6E5, 0xD5DEE6, 0xBFCFE0};
    int[] zeniths = {0x4A7DC0, 0x5B8BD0, 0x3E6FB0};
    sky = new Sky(horizons[rnd.nextInt(3)], zeniths[rnd.nextInt(3)], 140, rnd.nextInt(1000));
    road =
        Material.of(Pattern.ROAD, 0x55555A, 0xE8E8E0, LANE_METRES)
            .withParam(lanes)
            .withSalt(rnd.nextInt(1000));
  }

  /** Driving lanes, 1 or 2 (tests check that neighbouring seeds vary it). */
  int lanes() {
    return lanes;
  }

  @Override
  public SensorRig rig() {
    return rig;
  }

  @Override
  public RigPose poseAt(int frameIndex) {
    double x = frameIndex * metresPerFrame;
    double a = weavePhase + 2 * Math.PI * frameIndex / 180.0;
    double y = -LANE_METRES / 2 + 0.3 * StrictMath.sin(a);
    double slope = 0.3 * StrictMath.cos(a) * 2 * Math.PI / 180.0 / metresPerFrame;
    return new RigPose(x, y, CAMERA_HEIGHT, StrictMath.atan(slope));
  }

  @Override
  public Scene sceneAround(RigPose pose) {
    List<Primitive> primitives = new ArrayList<>();
    primitives.add(new Plane(2, 0, true, road));
    long first = (long) Math.floor((pose.x() - BEHIND) / BLOCK_METRES);
    long last = (long) Math.floor((pose.x() + AHEAD) / BLOCK_METRES);
    for (long block = first; block <= last; block++) {
      addBlock(block, primitives);
    }
    return new Scene(primitives, lighting, sky);
  }

  private void addBlock(long block, List<Primitive> out) {
    Random rnd = WorldSeeds.random(seed, block);
    double x0 = block * BLOCK_METRES;
    for (int side = -1; side <= 1; side += 2) {
      Material paving =
          Material.of(Pattern.TILES, 0xB5B0A8, 0x8C877F, 0.5).withSalt((int) block * 2 + side);
      out.add(
          Box.between(
              x0,
              side * roadHalf,
              0,
              x0 + BLOCK_METRES,
              side * (roadHalf + sidewalk),
              0.15,
              paving));
      addBuildings(rnd, x0, side, out);
      addTrees(rnd, x0, side, out);
      addLamp(rnd, x0, side, out);
      addParkedCars(rnd, x0, side, out);
    }
    addTraffic(rnd, x0, out);
  }

  private void addBuildings(Random rnd, double x0, int side, List<Primitive> out) {
    double front = roadHalf + sidewalk;
    double x = x0;
    double end = x0 + BLOCK_METRES;
    while (end - x > 3) {
      if (rnd.nextDouble() < 0.12) {
        double gap = 4 + 4 * rnd.nextDouble();
        // a building further back closes the alley's view
        double back = front + 22;
        out.add(
            Box.between(
                x,
                side * back,
                0,
                Math.min(end, x + gap),
                side * (back + 8),
                15,
                Material.of(Pattern.FACADE, FACADES[rnd.nextInt(FACADES.length)], GLASS[0], 2.8)));
        x += gap;
        continue;
      }
      double length = Math.min(end - x, 8 + 16 * rnd.nextDouble());
      if (end - x - length < 4) {
        length = end - x;
      }
      double setback = rnd.nextDouble() < 0.3 ? 1.5 * rnd.nextDouble() : 0;
      double floors = 2 + rnd.nextInt(7);
      double top = floors * Pattern.STOREY_METRES + 0.6;
      double depth = 12 + 6 * rnd.nextDouble();
      int colour = FACADES[rnd.nextInt(FACADES.length)];
      Material facade =
          Material.of(
                  Pattern.FACADE, colour, GLASS[rnd.nextInt(GLASS.length)], 2.4 + rnd.nextDouble())
              .withSalt(rnd.nextInt(100000));
      double y0 = side * (front + setback);
      double y1 = side * (front + setback + depth);
      out.add(Box.between(x + 0.05, y0, 0, x + length - 0.05, y1, top, facade));
      // a cornice along the roof line
      out.add(
          Box.between(
              x,
              y0 - side * 0.25,
              top - 0.35,
              x + length,
              y0 + side * 0.5,
              top,
              Material.plain(darken(colour))));
      x += length;
    }
  }

  private void addTrees(Random rnd, double x0, int side, List<Primitive> out) {
    double y = side * (roadHalf + 0.9);
    for (double x = x0 + 4 + 4 * rnd.nextDouble();
        x < x0 + BLOCK_METRES - 2;
        x += 8 + 6 * rnd.nextDouble()) {
      if (rnd.nextDouble() < 0.3) {
        continue;
      }
      double trunk = 2.2 + rnd.nextDouble();
      double crown = 1.3 + 0.9 * rnd.nextDouble();
      out.add(
          new Cylinder(
              x,
              y,
              0.12 + 0.08 * rnd.nextDouble(),
              0.15,
              trunk + crown * 0.5,
              Material.of(Pattern.NOISE, 0x5A4632, 0x3A2C1E, 0.05)));
      out.add(
          new Sphere(
              x,
              y,
              trunk + crown * 0.7,
              crown,
              Material.of(Pattern.NOISE, 0x5E8C35, 0x2C4A1C, 0.22).withSalt(rnd.nextInt(1000))));
    }
  }

  private void addLamp(Random rnd, double x0, int side, List<Primitive> out) {
    double x = x0 + 10 + 20 * rnd.nextDouble();
    double y = side * (roadHalf + 0.4);
    Material metal = Material.plain(0x4A4F55);
    out.add(new Cylinder(x, y, 0.08, 0.15, 7.5, metal));
    out.add(Box.between(x - 0.05, y, 7.35, x + 0.05, y - side * 1.6, 7.45, metal));
    out.add(
        Box.between(
            x - 0.2,
            y - side * 1.4,
            7.25,
            x + 0.2,
            y - side * 2.0,
            7.4,
            Material.of(Pattern.LAMP, 0xE0E0D0, 0xE0E0D0, 1)));
  }

  private void addParkedCars(Random rnd, double x0, int side, List<Primitive> out) {
    double y = side * (roadHalf - 1.1);
    double x = x0 + 3 * rnd.nextDouble();
    while (x < x0 + BLOCK_METRES - 5) {
      double length = 4.0 + 0.8 * rnd.nextDouble();
      if (rnd.nextDouble() < 0.7) {
        addCar(rnd, x + length / 2, y, length, out);
      }
      x += length + 1 + 4 * rnd.nextDouble();
    }
  }

  /** Cars standing in the other lanes: oncoming, and in the outer lane of a wide road. */
  private void addTraffic(Random rnd, double x0, List<Primitive> out) {
    for (int lane = 0; lane < lanes; lane++) {
      if (rnd.nextDouble() < 0.55) {
        addCar(
            rnd,
            x0 + 5 + 30 * rnd.nextDouble(),
            LANE_METRES * (lane + 0.5),
            4.0 + 0.8 * rnd.nextDouble(),
            out);
      }
    }
    if (lanes == 2 && rnd.nextDouble() < 0.5) {
      addCar(
          rnd,
          x0 + 5 + 30 * rnd.nextDouble(),
          -LANE_METRES * 1.5,
          4.0 + 0.8 * rnd.nextDouble(),
          out);
    }
  }

  private void addCar(Random rnd, double cx, double cy, double length, List<Primitive> out) {
    Material paint =
        Material.plain(CAR_PAINT[rnd.nextInt(CAR_PAINT.length)]).withSalt(rnd.nextInt(1000));
    double half = length / 2;
    out.add(Box.between(cx - half, cy - 0.88, 0.3, cx + half, cy + 0.88, 1.0, paint));
    double cabin = length * 0.28;
    double shift = -length * 0.06;
    out.add(
        Box.between(
            cx + shift - cabin,
            cy - 0.76,
            1.0,
            cx + shift + cabin,
            cy + 0.76,
            1.4,
            Material.plain(0x262C33)));
    out.add(
        Box.between(
            cx + shift - cabin + 0.1,
            cy - 0.72,
            1.4,
            cx + shift + cabin - 0.1,
            cy + 0.72,
            1.48,
            paint));
    Material tyre = Material.plain(0x1A1A1A);
    for (double axle : new double[] {-0.32 * length, 0.3 * length}) {
      // wheels lie along y, poking just out of the body's sides
      out.add(new Cylinder(1, 0.33, cx + axle, 0.33, cy - 0.92, cy - 0.7, tyre));
      out.add(new Cylinder(1, 0.33, cx + axle, 0.33, cy + 0.7, cy + 0.92, tyre));
    }
  }

  private static int darken(int rgb) {
    int r = (int) (((rgb >> 16) & 0xFF) * 0.75);
    int g = (int) (((rgb >> 8) & 0xFF) * 0.75);
    int b = (int) ((rgb & 0xFF) * 0.75);
    return (r << 16) | (g << 8) | b;
  }
}
