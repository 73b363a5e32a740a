package io.depthstream.streams.it;

import io.depthstream.core.testing.RepositoryRoot;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The demo as {@code ./depthstream demo} runs it — the application's own in-process broker, the
 * repository's real model bundle, the simulated fleet and the live view — made quick: small frames,
 * a higher frame rate and 2 s windows, so charts fill within seconds. The broker gets a free port
 * and a fresh directory.
 */
public class DemoTestProfile implements QuarkusTestProfile {

  /** The starter bundle every clone has; the test resolves it from the module directory. */
  static final Path MODEL = RepositoryRoot.path().resolve("models/densedepth-tiny-indoor");

  static final int WIDTH = 128;
  static final int HEIGHT = 96;

  @Override
  public Map<String, String> getConfigOverrides() {
    Path work;
    int port;
    try {
      work = Files.createTempDirectory("depthstream-demo-it-");
      try (ServerSocket socket = new ServerSocket(0)) {
        port = socket.getLocalPort();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> config = new HashMap<>();
    config.put("depthstream.embedded-kafka.enabled", "true");
    config.put("depthstream.embedded-kafka.port", Integer.toString(port));
    config.put("depthstream.embedded-kafka.data-dir", work.resolve("kafka").toString());
    config.put("quarkus.kafka-streams.bootstrap-servers", "localhost:" + port);
    config.put("kafka-streams.state.dir", work.resolve("streams").toString());
    config.put("depthstream.model.bundle", MODEL.toString());
    config.put("depthstream.demo.enabled", "true");
    config.put("depthstream.demo.vehicles", "2");
    config.put("depthstream.demo.fps", "4");
    config.put("depthstream.demo.size", WIDTH + "x" + HEIGHT);
    config.put("depthstream.demo.console-interval", "10s");
    config.put("depthstream.live-view.enabled", "true");
    config.put("depthstream.join.grace", "500ms");
    config.put("depthstream.windows.tumbling", "2s");
    config.put("depthstream.windows.grace", "1s");
    config.put("depthstream.windows.hopping-size", "6s");
    config.put("depthstream.windows.hopping-advance", "2s");
    return config;
  }
}
