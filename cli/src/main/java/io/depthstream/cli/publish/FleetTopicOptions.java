package io.depthstream.cli.publish;

import io.depthstream.fleet.FleetTopic;
import java.util.EnumMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The service's input topics a command publishes a fleet to, as options (a picocli mixin). */
public final class FleetTopicOptions {

  @Option(
      names = "--frames-topic",
      defaultValue = DefaultTopics.FRAMES,
      description = "Default: ${DEFAULT-VALUE}")
  String frames;

  @Option(
      names = "--scans-topic",
      defaultValue = DefaultTopics.SCANS,
      description = "Default: ${DEFAULT-VALUE}")
  String scans;

  @Option(
      names = "--calibration-topic",
      defaultValue = DefaultTopics.CALIBRATION,
      description = "Default: ${DEFAULT-VALUE}")
  String calibration;

  /** Each kind of fleet record's topic. */
  public Map<FleetTopic, String> names() {
    Map<FleetTopic, String> names = new EnumMap<>(FleetTopic.class);
    names.put(FleetTopic.FRAMES, frames);
    names.put(FleetTopic.SCANS, scans);
    names.put(FleetTopic.CALIBRATION, calibration);
    return names;
  }
}
