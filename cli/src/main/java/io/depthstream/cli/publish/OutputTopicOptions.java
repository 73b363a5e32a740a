package io.depthstream.cli.publish;

import picocli.CommandLine.Option;

/** The service's output topics a command reads, as options (a picocli mixin). */
public final class OutputTopicOptions {

  @Option(
      names = "--depth-topic",
      defaultValue = DefaultTopics.DEPTH_MAPS,
      description = "Default: ${DEFAULT-VALUE}")
  String depthMaps;

  @Option(
      names = "--frame-metrics-topic",
      defaultValue = DefaultTopics.METRICS_FRAMES,
      description = "Default: ${DEFAULT-VALUE}")
  String frameMetrics;

  @Option(
      names = "--window-metrics-topic",
      defaultValue = DefaultTopics.METRICS_WINDOWS,
      description = "Default: ${DEFAULT-VALUE}")
  String windowMetrics;

  public String depthMaps() {
    return depthMaps;
  }

  public String frameMetrics() {
    return frameMetrics;
  }

  public String windowMetrics() {
    return windowMetrics;
  }
}
