package io.depthstream.streams.live;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * Settings of the live view ({@code depthstream.live-view.*} in application.properties, where each
 * is documented): recent camera frames and metric history per vehicle, kept in memory for the web
 * page. Off by default, since it reads every camera frame a second time; the demo turns it on.
 */
@ConfigMapping(prefix = "depthstream.live-view")
public interface LiveViewConfig {

  /** Whether the service follows frames and metrics for the web page at all. */
  boolean enabled();

  /** Camera frames kept per camera, so a depth map finds the picture it was made from. */
  @WithName("frames-per-camera")
  int framesPerCamera();

  /** Per-frame scores and closed windows kept per vehicle for the charts. */
  @WithName("history-points")
  int historyPoints();

  /** Cameras (and vehicles) the live view follows at all; it keeps nothing of further ones. */
  @WithName("max-cameras")
  int maxCameras();
}
