package io.depthstream.core.synth;

import java.util.List;

/**
 * What one frame sees: the primitives near the camera, the light, and (outdoors) the sky. Built per
 * frame by a {@link SceneLayout}; the renderer and the LiDAR only read it.
 */
final class Scene {

  private final Primitive[] primitives;
  private final Lighting lighting;
  private final Sky sky;

  /**
   * @param sky the sky seen where rays escape; null for closed rooms, where every ray hits a wall
   */
  Scene(List<Primitive> primitives, Lighting lighting, Sky sky) {
    this.primitives = primitives.toArray(new Primitive[0]);
    this.lighting = lighting;
    this.sky = sky;
  }

  Primitive[] primitives() {
    return primitives;
  }

  Lighting lighting() {
    return lighting;
  }

  Sky sky() {
    return sky;
  }
}
