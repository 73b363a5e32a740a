package io.depthstream.streams.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RenamedSettingsTest {

  @Test
  void oldKeysNameTheirNewOnes() {
    assertThat(
            RenamedSettings.stale(
                List.of(
                    "embedded-kafka.port",
                    "%demo.live-view.enabled",
                    "topic-provisioning.partitions",
                    "demo.console-interval")))
        .containsExactly(
            "%demo.live-view.enabled is now %demo.depthstream.live-view.enabled",
            "demo.console-interval is now depthstream.demo.console-interval",
            "embedded-kafka.port is now depthstream.embedded-kafka.port",
            "topic-provisioning.partitions is now depthstream.topic-provisioning.partitions");
  }

  @Test
  void oldEnvironmentVariablesNameTheirNewOnes() {
    assertThat(
            RenamedSettings.stale(
                List.of("EMBEDDED_KAFKA_ENABLED", "TOPIC_PROVISIONING_MAX_MESSAGE_BYTES")))
        .containsExactly(
            "EMBEDDED_KAFKA_ENABLED is now DEPTHSTREAM_EMBEDDED_KAFKA_ENABLED",
            "TOPIC_PROVISIONING_MAX_MESSAGE_BYTES is now"
                + " DEPTHSTREAM_TOPIC_PROVISIONING_MAX_MESSAGE_BYTES");
  }

  @Test
  void newNamesAndUnrelatedOnesPass() {
    assertThat(
            RenamedSettings.stale(
                List.of(
                    "depthstream.embedded-kafka.port",
                    "%demo.depthstream.demo.enabled",
                    "DEPTHSTREAM_EMBEDDED_KAFKA_ENABLED",
                    "DEPTHSTREAM_DEMO_FPS",
                    "DEMO_HOME",
                    "quarkus.profile",
                    "demo",
                    "kafka-streams.state.dir")))
        .isEmpty();
  }

  @Test
  void everyOldKeyHasANewOneInTheFile() {
    ServiceSettings file = ServiceSettings.load("prod", Map.of());
    assertThat(RenamedSettings.OLD_KEYS).containsOnlyKeys(RenamedSettings.MOVED.keySet());
    RenamedSettings.OLD_KEYS.forEach(
        (group, keys) ->
            keys.stream()
                // Unset by default: how long the demo runs (until Ctrl-C).
                .filter(key -> !(group.equals("demo") && key.equals("duration")))
                .forEach(
                    key ->
                        assertThat(file.value(RenamedSettings.MOVED.get(group) + "." + key))
                            .as(group + "." + key)
                            .isPresent()));
  }

  @Test
  void theShippedFileUsesNoOldName() throws IOException {
    Properties file = new Properties();
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("application.properties")) {
      file.load(in);
    }
    assertThat(RenamedSettings.stale(file.stringPropertyNames())).isEmpty();
  }
}
