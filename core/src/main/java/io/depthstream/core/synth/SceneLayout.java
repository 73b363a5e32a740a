package io.depthstream.core.synth;

/** A procedurally generated place and the path a rig takes through it. */
sealed interface SceneLayout permits IndoorLayout, StreetLayout {

  /** The rig's pose at frame {@code frameIndex} (one frame per 100 ms). */
  RigPose poseAt(int frameIndex);

  /** The primitives and light that matter for a rig at {@code pose}. */
  Scene sceneAround(RigPose pose);

  SensorRig rig();
}
