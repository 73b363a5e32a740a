package io.depthstream.core.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An NYU-like room: floor, four walls and a ceiling around furniture standing along the walls
 * (shelves of books, cabinets, wardrobes, sofas, desks with chairs, plants, a television), doors,
 * windows and pictures, a rug and a low table in the middle, lit by a ceiling lamp. A robot walks
 * an ellipse through the free middle of the room, looking across it.
 *
 * <p>Rooms are at most 5.6 × 7.0 × 2.9 m, so no point seen from inside is more than 9.5 m away and
 * every pixel has a valid depth under NYU's 10 m cap.
 */
final class IndoorLayout implements SceneLayout {

  /** Furniture stands at most this far out from its wall. */
  private static final double DEEPEST_ITEM = 0.9;

  /** The walking path keeps this far from every wall. */
  private static final double PATH_MARGIN = 1.35;

  private static final int FRAMES_PER_LAP = 300;

  private static final int[] WALL_PAINT = {
    0xE8E2D4, 0xD9E3E8, 0xE6D5C3, 0xCFD8C5, 0xF0EEE9, 0xE3C9B8, 0xC5CFDD, 0xE9DFC0
  };
  private static final int[][] WOODS = {
    {0x8B5A2B, 0x5C3A1A}, {0xC19A6B, 0x9C7A4F}, {0x6F4E37, 0x4A3223}, {0xD2B48C, 0xB08D5E}
  };
  private static final int[][] FABRICS = {
    {0x4A6FA5, 0x2F4C7A},
    {0x8C3B3B, 0x5E2323},
    {0x6B8E23, 0x4A6318},
    {0x7A7A7A, 0x555555},
    {0xC2A878, 0x9C8458},
    {0x3E6B6B, 0x284848}
  };

  private final double width;
  private final double length;
  private final double height;
  private final List<Primitive> primitives = new ArrayList<>();
  private final Lighting lighting;
  private final SensorRig rig;
  private final double cameraHeight;
  private final double radiusX;
  private final double radiusY;
  private final double phase;
  private final double direction;
  private final Random rnd;
  private boolean doorPlaced;

  IndoorLayout(long seed) {
    rnd = WorldSeeds.random(seed);
    width = 3.6 + 2.0 * rnd.nextDouble();
    length = 4.2 + 2.8 * rnd.nextDouble();
    height = 2.5 + 0.4 * rnd.nextDouble();
    rig = new SensorRig(Math.toRadians(8 + 8 * rnd.nextDouble()), 0.27, 0.08);
    cameraHeight = 1.1 + 0.4 * rnd.nextDouble();
    radiusX = Math.max(0.15, width / 2 - PATH_MARGIN);
    radiusY = Math.max(0.15, length / 2 - PATH_MARGIN);
    phase = 2 * Math.PI * rnd.nextDouble();
    direction = rnd.nextBoolean() ? 1 : -1;
    lighting = Lighting.lamp(width / 2, length / 2, height - 0.45, 0.42, 1.0, 3.2);
    buildShell();
    for (int wall = 0; wall < 4; wall++) {
      furnishWall(wall);
    }
    buildCentre();
  }

  /** The room's extent along x, metres (tests check that neighbouring seeds vary it). */
  double width() {
    return width;
  }

  @Override
  public SensorRig rig() {
    return rig;
  }

  @Override
  public RigPose poseAt(int frameIndex) {
    double a = phase + direction * 2 * Math.PI * frameIndex / FRAMES_PER_LAP;
    double x = width / 2 + radiusX * StrictMath.cos(a);
    double y = length / 2 + radiusY * StrictMath.sin(a);
    double tangent =
        StrictMath.atan2(
            direction * radiusY * StrictMath.cos(a), -direction * radiusX * StrictMath.sin(a));
    // look partly inwards, across the room, and sway a little as a walking robot does
    double yaw = tangent + direction * 0.45 + 0.25 * StrictMath.sin(3 * a);
    double z = cameraHeight + 0.02 * StrictMath.sin(a * 17);
    return new RigPose(x, y, z, yaw);
  }

  @Override
  public Scene sceneAround(RigPose pose) {
    return new Scene(primitives, lighting, null);
  }

  private void buildShell() {
    Material floor =
        switch (rnd.nextInt(4)) {
          case 0 -> Material.of(Pattern.TILES, 0xD8D4CC, 0x8A857C, 0.5);
          case 1 -> Material.of(Pattern.CHECKER, 0xDADADA, 0x3C3C3C, 0.4);
          case 2 -> Material.of(Pattern.NOISE, 0x6E7B8B, 0x4F5A66, 0.08);
          default -> {
            int[] wood = pick(WOODS);
            yield Material.of(Pattern.WOOD, wood[0], wood[1], 0.14);
          }
        };
    int paint = WALL_PAINT[rnd.nextInt(WALL_PAINT.length)];
    Material walls = Material.plain(paint).withSalt(rnd.nextInt(1000));
    Material accent =
        switch (rnd.nextInt(3)) {
          case 0 -> Material.of(Pattern.BRICK, 0xA0522D, 0xCFC6B8, 0.075);
          case 1 -> Material.of(Pattern.STRIPES, paint, darker(paint, 0.85), 0.12);
          default -> Material.plain(WALL_PAINT[rnd.nextInt(WALL_PAINT.length)]);
        };
    int accentWall = rnd.nextInt(4);
    primitives.add(new Plane(2, 0, true, floor.withSalt(rnd.nextInt(1000))));
    primitives.add(new Plane(2, height, false, Material.plain(0xF4F4F0)));
    primitives.add(new Plane(1, 0, true, accentWall == 0 ? accent : walls));
    primitives.add(new Plane(0, width, false, accentWall == 1 ? accent : walls));
    primitives.add(new Plane(1, length, false, accentWall == 2 ? accent : walls));
    primitives.add(new Plane(0, 0, true, accentWall == 3 ? accent : walls));
    Material skirting = Material.plain(0xF2F2EE);
    for (int wall = 0; wall < 4; wall++) {
      part(wall, 0, wallLength(wall), 0, 0.015, 0, 0.08, skirting);
    }
    // the lamp hangs over the middle of the room, above the walking height
    primitives.add(
        new Cylinder(width / 2, length / 2, 0.015, height - 0.3, height, Material.plain(0x333333)));
    primitives.add(
        new Sphere(
            width / 2,
            length / 2,
            height - 0.45,
            0.17,
            Material.of(Pattern.LAMP, 0xFFF4D6, 0xFFF4D6, 1)));
  }

  private void furnishWall(int wall) {
    double len = wallLength(wall);
    double s = 0.95;
    while (s < len - 0.6) {
      double used = placeItem(wall, s, len - 0.1 - s);
      s += used + 0.1 + 0.5 * rnd.nextDouble();
    }
  }

  /** Places one item starting {@code s} metres along the wall; returns the length it took. */
  private double placeItem(int wall, double s, double room) {
    double roll = rnd.nextDouble();
    if (!doorPlaced && roll < 0.15 && room >= 1.1) {
      doorPlaced = true;
      return door(wall, s);
    }
    if (roll < 0.32 && room >= 1.2) {
      return window(wall, s, Math.min(room, 1.0 + 0.6 * rnd.nextDouble()));
    }
    if (roll < 0.47 && room >= 0.8) {
      return bookshelf(wall, s, Math.min(room, 0.8 + 0.4 * rnd.nextDouble()));
    }
    if (roll < 0.6 && room >= 0.8) {
      return cabinet(wall, s, Math.min(room, 0.8 + 0.8 * rnd.nextDouble()));
    }
    if (roll < 0.68 && room >= 0.8) {
      return wardrobe(wall, s, Math.min(room, 0.8 + 0.4 * rnd.nextDouble()));
    }
    if (roll < 0.78 && room >= 1.6) {
      return sofa(wall, s, Math.min(room, 1.6 + 0.6 * rnd.nextDouble()));
    }
    if (roll < 0.88 && room >= 1.0) {
      return desk(wall, s, Math.min(room, 1.0 + 0.6 * rnd.nextDouble()));
    }
    if (roll < 0.94 && room >= 1.2) {
      return television(wall, s, Math.min(room, 1.2 + 0.5 * rnd.nextDouble()));
    }
    if (room >= 0.5) {
      return plant(wall, s);
    }
    return room;
  }

  private double door(int wall, double s) {
    int[] wood = pick(WOODS);
    Material trim = Material.plain(0xF0F0EC);
    part(wall, s, s + 0.9, 0, 0.035, 0, 2.05, Material.of(Pattern.WOOD, wood[0], wood[1], 0.3));
    part(wall, s - 0.06, s, 0, 0.05, 0, 2.11, trim);
    part(wall, s + 0.9, s + 0.96, 0, 0.05, 0, 2.11, trim);
    part(wall, s - 0.06, s + 0.96, 0, 0.05, 2.05, 2.11, trim);
    part(wall, s + 0.75, s + 0.85, 0.035, 0.09, 1.0, 1.04, Material.plain(0xB8B8B8));
    return 1.02;
  }

  private double window(int wall, double s, double w) {
    double top = Math.min(height - 0.25, 2.2);
    Material glass = Material.of(Pattern.GLASS, 0xF5F5F5, 0xBFD9F2, w / 2);
    part(wall, s, s + w, 0, 0.02, 0.9, top, glass);
    part(wall, s - 0.05, s + w + 0.05, 0, 0.16, 0.86, 0.9, Material.plain(0xF2F2EE));
    if (rnd.nextBoolean()) {
      part(
          wall,
          s + 0.1,
          s + w - 0.1,
          0.03,
          0.12,
          0.15,
          0.7,
          Material.of(Pattern.STRIPES, 0xF2F2F2, 0xC8C8C8, 0.05));
    }
    return w;
  }

  private double bookshelf(int wall, double s, double w) {
    int[] wood = pick(WOODS);
    Material frame = Material.of(Pattern.WOOD, wood[0], wood[1], 0.1).withSalt(rnd.nextInt(1000));
    double h = 1.6 + 0.5 * rnd.nextDouble();
    double d = 0.32;
    double t = 0.025;
    part(wall, s, s + t, 0, d, 0, h, frame);
    part(wall, s + w - t, s + w, 0, d, 0, h, frame);
    part(wall, s, s + w, 0, d, h - t, h, frame);
    part(wall, s, s + w, 0, t, 0, h, frame);
    int shelves = (int) Math.floor((h - 0.1) / 0.38);
    double gap = (h - t) / shelves;
    for (int i = 0; i < shelves; i++) {
      double z = i * gap;
      part(wall, s + t, s + w - t, t, d, z, z + t, frame);
      double filled = (w - 2 * t) * (0.5 + 0.45 * rnd.nextDouble());
      double start = s + t + (w - 2 * t - filled) * rnd.nextDouble();
      double booksTop = gap * (0.7 + 0.2 * rnd.nextDouble());
      Material books =
          Material.of(Pattern.STRIPES, 0, 0, 0.025 + 0.02 * rnd.nextDouble())
              .withParam(booksTop)
              .withSalt(rnd.nextInt(100000));
      part(wall, start, start + filled, 0.06, d - 0.02, z + t, z + t + booksTop, books);
    }
    return w;
  }

  private double cabinet(int wall, double s, double w) {
    boolean laminate = rnd.nextBoolean();
    int[] wood = pick(WOODS);
    Material body =
        laminate
            ? Material.plain(rnd.nextBoolean() ? 0xEDEDED : 0x2F2F2F)
            : Material.of(Pattern.WOOD, wood[0], wood[1], 0.12).withSalt(rnd.nextInt(1000));
    double h = 0.75 + 0.25 * rnd.nextDouble();
    double d = 0.45;
    part(wall, s + 0.03, s + w - 0.03, 0.03, d - 0.05, 0, 0.08, Material.plain(0x202020));
    part(wall, s, s + w, 0, d - 0.02, 0.08, h - 0.03, body);
    part(
        wall,
        s - 0.01,
        s + w + 0.01,
        0,
        d,
        h - 0.03,
        h,
        Material.of(Pattern.WOOD, wood[0], wood[1], 0.1));
    double mid = s + w / 2;
    part(
        wall,
        mid - 0.004,
        mid + 0.004,
        d - 0.025,
        d - 0.015,
        0.1,
        h - 0.05,
        Material.plain(0x151515));
    if (rnd.nextBoolean()) {
      double x = s + 0.2 + (w - 0.4) * rnd.nextDouble();
      ornament(wall, x, d / 2, h);
    }
    return w;
  }

  private double wardrobe(int wall, double s, double w) {
    int[] wood = pick(WOODS);
    Material body = Material.of(Pattern.WOOD, wood[0], wood[1], 0.2).withSalt(rnd.nextInt(1000));
    double h = Math.min(height - 0.15, 1.9 + 0.3 * rnd.nextDouble());
    part(wall, s, s + w, 0, 0.58, 0, h, body);
    Material door = Material.of(Pattern.WOOD, wood[1], wood[0], 0.25).withSalt(rnd.nextInt(1000));
    part(wall, s + 0.03, s + w / 2 - 0.01, 0.58, 0.6, 0.06, h - 0.04, door);
    part(wall, s + w / 2 + 0.01, s + w - 0.03, 0.58, 0.6, 0.06, h - 0.04, door);
    return w;
  }

  private double sofa(int wall, double s, double w) {
    int[] fabric = pick(FABRICS);
    Material cloth =
        Material.of(Pattern.NOISE, fabric[0], fabric[1], 0.05).withSalt(rnd.nextInt(1000));
    Material cushion =
        Material.of(Pattern.NOISE, fabric[1], fabric[0], 0.07).withSalt(rnd.nextInt(1000));
    part(wall, s, s + w, 0, DEEPEST_ITEM - 0.05, 0, 0.4, cloth);
    part(wall, s, s + w, 0, 0.22, 0.4, 0.85, cloth);
    part(wall, s, s + 0.2, 0.22, DEEPEST_ITEM - 0.05, 0.4, 0.62, cloth);
    part(wall, s + w - 0.2, s + w, 0.22, DEEPEST_ITEM - 0.05, 0.4, 0.62, cloth);
    double seat = (w - 0.4) / 2;
    part(wall, s + 0.2, s + 0.2 + seat - 0.01, 0.22, DEEPEST_ITEM - 0.03, 0.4, 0.5, cushion);
    part(wall, s + 0.21 + seat, s + w - 0.2, 0.22, DEEPEST_ITEM - 0.03, 0.4, 0.5, cushion);
    picture(wall, s + w / 2, 1.5);
    return w;
  }

  private double desk(int wall, double s, double w) {
    int[] wood = pick(WOODS);
    Material top = Material.of(Pattern.WOOD, wood[0], wood[1], 0.1).withSalt(rnd.nextInt(1000));
    Material metal = Material.plain(0x3A3A3A);
    double d = 0.65;
    part(wall, s, s + w, 0, d, 0.72, 0.76, top);
    for (double x : new double[] {s + 0.03, s + w - 0.08}) {
      part(wall, x, x + 0.05, 0.03, 0.08, 0, 0.72, metal);
      part(wall, x, x + 0.05, d - 0.08, d - 0.03, 0, 0.72, metal);
    }
    // the chair is pushed in, so it stays inside the furniture band the path avoids
    int[] fabric = pick(FABRICS);
    Material seat = Material.of(Pattern.NOISE, fabric[0], fabric[1], 0.05);
    double c = s + w / 2;
    part(wall, c - 0.22, c + 0.22, 0.42, 0.84, 0.44, 0.5, seat);
    part(wall, c - 0.22, c + 0.22, 0.8, 0.85, 0.5, 0.95, seat);
    primitives.add(cylinderAt(wall, c, 0.63, 0.03, 0, 0.44, metal));
    if (rnd.nextBoolean()) {
      part(wall, c - 0.3, c + 0.3, 0.05, 0.1, 0.78, 1.15, Material.plain(0x111418));
    } else {
      ornament(wall, s + 0.2, 0.2, 0.76);
    }
    picture(wall, c, 1.6);
    return w;
  }

  private double television(int wall, double s, double w) {
    int[] wood = pick(WOODS);
    part(wall, s, s + w, 0, 0.42, 0, 0.45, Material.of(Pattern.WOOD, wood[0], wood[1], 0.1));
    double tv = w * 0.8;
    double x = s + (w - tv) / 2;
    part(wall, x, x + tv, 0.08, 0.14, 0.55, 0.55 + tv * 0.56, Material.plain(0x15171A));
    part(
        wall, s + w / 2 - 0.15, s + w / 2 + 0.15, 0.05, 0.25, 0.45, 0.55, Material.plain(0x222222));
    return w;
  }

  private double plant(int wall, double s) {
    Material pot = Material.plain(rnd.nextBoolean() ? 0xB5651D : 0xE8E8E8);
    Material leaves =
        Material.of(Pattern.NOISE, 0x4F8A2E, 0x24461A, 0.06).withSalt(rnd.nextInt(1000));
    double c = s + 0.25;
    double r = 0.22 + 0.15 * rnd.nextDouble();
    primitives.add(cylinderAt(wall, c, 0.3, 0.17, 0, 0.35, pot));
    primitives.add(sphereAt(wall, c, 0.3, 0.35 + r * 0.9, r, leaves));
    return 0.5;
  }

  private void ornament(int wall, double s, double d, double base) {
    Material vase = Material.plain(pick(FABRICS)[0]);
    primitives.add(cylinderAt(wall, s, d, 0.06, base, base + 0.22, vase));
    if (rnd.nextBoolean()) {
      primitives.add(
          sphereAt(wall, s, d, base + 0.3, 0.1, Material.of(Pattern.LAMP, 0xFFEFC8, 0xFFEFC8, 1)));
    }
  }

  private void picture(int wall, double centre, double z) {
    double w = 0.5 + 0.5 * rnd.nextDouble();
    double h = 0.4 + 0.3 * rnd.nextDouble();
    part(
        wall,
        centre - w / 2 - 0.03,
        centre + w / 2 + 0.03,
        0,
        0.02,
        z - h / 2 - 0.03,
        z + h / 2 + 0.03,
        Material.plain(0x2B1D0E));
    int[] a = pick(FABRICS);
    int[] b = pick(FABRICS);
    part(
        wall,
        centre - w / 2,
        centre + w / 2,
        0.02,
        0.03,
        z - h / 2,
        z + h / 2,
        Material.of(Pattern.NOISE, a[0], b[1], 0.12).withSalt(rnd.nextInt(1000)));
  }

  private void buildCentre() {
    double hx = Math.min(0.55, radiusX - 0.55);
    double hy = Math.min(0.4, radiusY - 0.55);
    if (hx < 0.25 || hy < 0.2) {
      return;
    }
    double cx = width / 2;
    double cy = length / 2;
    int[] fabric = pick(FABRICS);
    primitives.add(
        Box.between(
            cx - hx - 0.4,
            cy - hy - 0.4,
            0,
            cx + hx + 0.4,
            cy + hy + 0.4,
            0.012,
            Material.of(Pattern.CHECKER, fabric[0], fabric[1], 0.25)));
    int[] wood = pick(WOODS);
    Material top = Material.of(Pattern.WOOD, wood[0], wood[1], 0.12);
    primitives.add(Box.between(cx - hx, cy - hy, 0.4, cx + hx, cy + hy, 0.45, top));
    for (int i = 0; i < 4; i++) {
      double x = cx + ((i & 1) == 0 ? -hx + 0.05 : hx - 0.05);
      double y = cy + ((i & 2) == 0 ? -hy + 0.05 : hy - 0.05);
      primitives.add(new Cylinder(x, y, 0.025, 0, 0.4, top));
    }
  }

  /** Length of wall 0..3 (walls run counter-clockwise from the one at y = 0). */
  private double wallLength(int wall) {
    return (wall & 1) == 0 ? width : length;
  }

  /**
   * Adds a box given in wall coordinates: {@code s} along the wall, {@code d} out from it into the
   * room, {@code z} up from the floor.
   */
  private void part(
      int wall, double s0, double s1, double d0, double d1, double z0, double z1, Material m) {
    double s = (s0 + s1) / 2;
    double d = (d0 + d1) / 2;
    primitives.add(
        Box.turned(
            wallX(wall, s, d),
            wallY(wall, s, d),
            (z0 + z1) / 2,
            (s1 - s0) / 2,
            (d1 - d0) / 2,
            (z1 - z0) / 2,
            wall * Math.PI / 2,
            m));
  }

  private Cylinder cylinderAt(
      int wall, double s, double d, double r, double z0, double z1, Material m) {
    return new Cylinder(wallX(wall, s, d), wallY(wall, s, d), r, z0, z1, m);
  }

  private Sphere sphereAt(int wall, double s, double d, double z, double r, Material m) {
    return new Sphere(wallX(wall, s, d), wallY(wall, s, d), z, r, m);
  }

  private double wallX(int wall, double s, double d) {
    return switch (wall) {
      case 0 -> s;
      case 1 -> width - d;
      case 2 -> width - s;
      default -> d;
    };
  }

  private double wallY(int wall, double s, double d) {
    return switch (wall) {
      case 0 -> d;
      case 1 -> s;
      case 2 -> length - d;
      default -> length - s;
    };
  }

  private int[] pick(int[][] palette) {
    return palette[rnd.nextInt(palette.length)];
  }

  private static int darker(int rgb, double f) {
    int r = (int) (((rgb >> 16) & 0xFF) * f);
    int g = (int) (((rgb >> 8) & 0xFF) * f);
    int b = (int) ((rgb & 0xFF) * f);
    return (r << 16) | (g << 8) | b;
  }
}
