package io.depthstream.streams.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoOptionsTest {

  @Test
  void defaultsRunTheDemoProfileForTenMinutes() {
    assertThat(DemoOptions.parse(List.of()))
        .containsExactly(
            Map.entry("quarkus.profile", "demo"), Map.entry("depthstream.demo.duration", "10m"));
  }

  @Test
  void optionsBecomeTheServiceSettings(@TempDir Path bundle) throws Exception {
    Files.writeString(bundle.resolve("model.onnx"), "x");
    Files.writeString(bundle.resolve("model.json"), "{}");

    Map<String, String> keys =
        DemoOptions.parse(
            List.of(
                "--duration",
                "90",
                "--vehicles",
                "3",
                "--fps=2.5",
                "--size",
                "640X480",
                "--model",
                bundle.toString(),
                "--port",
                "8181",
                "--seed",
                "7"));

    assertThat(keys)
        .containsEntry("depthstream.demo.duration", "90s")
        .containsEntry("depthstream.demo.vehicles", "3")
        .containsEntry("depthstream.demo.fps", "2.5")
        .containsEntry("depthstream.demo.size", "640x480")
        .containsEntry("depthstream.model.bundle", bundle.toAbsolutePath().toString())
        .containsEntry("quarkus.http.port", "8181")
        .containsEntry("depthstream.demo.seed", "7");
  }

  @Test
  void challengersAreCollectedInOrder(@TempDir Path models) throws Exception {
    for (String id : List.of("a", "b")) {
      Files.createDirectories(models.resolve(id));
      Files.writeString(models.resolve(id).resolve("model.onnx"), "x");
      Files.writeString(models.resolve(id).resolve("model.json"), "{}");
    }
    Map<String, String> keys =
        DemoOptions.parse(
            List.of(
                "--challenger",
                models.resolve("a").toString(),
                "--challenger=" + models.resolve("b")));
    assertThat(keys)
        .containsEntry(
            "depthstream.models.challengers",
            models.resolve("a").toAbsolutePath() + "," + models.resolve("b").toAbsolutePath());
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--challenger", "models/none")))
        .hasMessageContaining("--challenger models/none: no model.onnx there");
  }

  @Test
  void durationZeroRunsUntilCtrlC() {
    assertThat(DemoOptions.parse(List.of("--duration", "0")))
        .doesNotContainKey("depthstream.demo.duration");
  }

  @Test
  void badInputNamesTheOptionAndTheFix() {
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--fps", "0")))
        .hasMessageContaining("--fps must be above 0")
        .hasMessageContaining("e.g. --fps 2");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--vehicles", "many")))
        .hasMessageContaining("--vehicles must be a whole number from 1 to 16, got 'many'");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--duration", "ten")))
        .hasMessageContaining("e.g. 90s, 10m or 1h");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--size", "320")))
        .hasMessageContaining("WxH");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--model", "models/none")))
        .hasMessageContaining("no model.onnx there");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--port")))
        .hasMessageContaining("--port needs a value");
    assertThatThrownBy(() -> DemoOptions.parse(List.of("--fast")))
        .hasMessageContaining("unknown option '--fast'")
        .hasMessageContaining("--help");
  }

  @Test
  void commandConfigIsForAClusterOfYourOwn(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("client.properties"), "security.protocol=SSL\n");
    List<String> args = List.of("--command-config", file.toString());

    assertThat(DemoOptions.parse(args, Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093")))
        .containsEntry("depthstream.kafka.config", file.toAbsolutePath().toString());
    assertThatThrownBy(() -> DemoOptions.parse(args, Map.of()))
        .hasMessageContaining("the demo's broker speaks PLAINTEXT")
        .hasMessageContaining("set KAFKA_BOOTSTRAP_SERVERS=host:port");
    assertThatThrownBy(
            () ->
                DemoOptions.parse(
                    List.of("--command-config", dir.resolve("none").toString()),
                    Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:9093")))
        .hasMessageContaining("--command-config " + dir.resolve("none") + ": no readable file");
  }
}
