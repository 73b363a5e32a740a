package io.depthstream.streams.demo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings of {@code ./depthstream demo} ({@code depthstream.demo.*} in application.properties,
 * where each is documented; the launcher sets them from its options, see {@link DemoOptions}).
 */
@ConfigMapping(prefix = "depthstream.demo")
public interface DemoConfig {

  /** Whether this process runs the simulated fleet and the console table. */
  boolean enabled();

  /** Vehicles publishing; even ones drive down a street, odd ones are indoor robots. */
  int vehicles();

  /** Camera frames (each with its LiDAR sweep) per second per vehicle. */
  double fps();

  /** Camera picture size, {@code WxH}. */
  String size();

  /** How long the fleet publishes before the demo stops; absent: until Ctrl-C. */
  Optional<Duration> duration();

  /** World seed of vehicle v0; v1 gets seed + 1, and so on. */
  long seed();

  /** Whether to print the live table on the console. */
  boolean console();

  /** How often the console table is printed. */
  @WithName("console-interval")
  Duration consoleInterval();
}
