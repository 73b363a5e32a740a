/**
 * The synthetic world: procedurally generated rooms (NYU-like) and streets (KITTI-like) with a
 * camera and a spinning LiDAR moving through them, rendered by ray casting against planes, boxes,
 * cylinders and spheres. {@link io.depthstream.core.synth.SyntheticWorld} is the entry point; it
 * yields {@link io.depthstream.core.synth.SyntheticFrame}s with a lit, textured picture, exact
 * dense z-depth, a LiDAR sweep and the calibration tying them together, for training, tests and
 * demos.
 *
 * <p>Conventions: world x east, y north, z up; camera x right, y down, z forward, pixel (x, y)
 * sampled at its centre (x + ½, y + ½); LiDAR x forward, y left, z up (KITTI velodyne).
 */
package io.depthstream.core.synth;
