package io.depthstream.core.synth;

/**
 * Where the sensor rig is at one instant: the camera's position in the world (metres; x east, y
 * north, z up) and the heading of the vehicle, radians from +x towards +y.
 */
record RigPose(double x, double y, double z, double yaw) {}
