package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.serde.AvroBytes;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.topics.Topics;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole service as `serve` runs it, against a real broker: Avro frames in, depth maps out,
 * records over Kafka's 1 MB default, and the health and metrics endpoints.
 */
@QuarkusTest
@WithTestResource(EmbeddedKafkaResource.class)
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DepthServiceIntegrationTest {

  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final int GREY = 128;

  @Inject DepthstreamConfig config;

  @ConfigProperty(name = "kafka.bootstrap.servers")
  String bootstrapServers;

  @TestHTTPResource("/q/health/ready")
  URL ready;

  @TestHTTPResource("/q/metrics")
  URL metrics;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void a640x480FrameBecomesA640x480DepthMap() throws Exception {
    DepthMap map = roundTrip(ServiceTraffic.greyFrame("it-vga", 1, 640, 480, GREY, Instant.now()));

    assertThat(map.getWidth()).isEqualTo(640);
    assertThat(map.getHeight()).isEqualTo(480);
    DepthImage depth = DepthPngCodec.decode(AvroBytes.toArray(map.getDepthPng()), map.getScale());
    assertThat(depth.width()).isEqualTo(640);
    assertThat(depth.height()).isEqualTo(480);
    // The grey model reads level 128 as 10·128/255 = 5.0196 m; published in millimetres.
    assertThat((double) depth.at(320, 240)).isCloseTo(5.020, offset(0.002));
    assertThat((double) depth.at(0, 0)).isCloseTo(5.020, offset(0.002));
    assertThat(map.getModelId()).isEqualTo("grey-depth");
  }

  @Test
  void aFrameOverTwoMegabytesPasses() throws Exception {
    CameraFrame frame = ServiceTraffic.greyFrame("it-big", 1, 1024, 768, GREY, Instant.now());
    assertThat(frame.getData().remaining()).isGreaterThan(2_000_000);

    DepthMap map = roundTrip(frame);

    assertThat(map.getWidth()).isEqualTo(1024);
    assertThat(map.getHeight()).isEqualTo(768);
  }

  @Test
  void readinessAndMetricsAnswer() throws Exception {
    HttpResponse<String> health = awaitReady();
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).contains("\"status\": \"UP\"");

    HttpResponse<String> scrape = get(metrics);
    assertThat(scrape.statusCode()).isEqualTo(200);
    assertThat(scrape.body()).contains("depthstream_frames_in");
  }

  @Test
  void theServiceStartedWithoutTheTaskDirectoriesAnEarlierRunLeft() throws Exception {
    awaitReady();
    // StateDirectoryReset (depthstream.state.clear-local-tasks-on-start, on by default) deleted the
    // task directory the resource left in the state directory before the service started.
    assertThat(EmbeddedKafkaResource.leftoverTaskFile).isNotNull().doesNotExist();
  }

  private DepthMap roundTrip(CameraFrame frame) throws Exception {
    Topics topics = Topics.from(config.topics());
    awaitReady();
    ServiceTraffic.send(bootstrapServers, topics.frames(), List.of(frame));
    List<DepthMap> maps =
        ServiceTraffic.committedDepthMaps(
            bootstrapServers,
            topics.depthMaps(),
            m -> m.getVehicleId().equals(frame.getVehicleId()),
            1,
            DEADLINE);
    assertThat(maps)
        .as(
            () ->
                "depth maps for "
                    + frame.getVehicleId()
                    + "; dead letters: "
                    + ServiceTraffic.deadLetters(bootstrapServers, topics.dlq().name())
                    + "; counters: "
                    + counters())
        .hasSize(1);
    assertThat(maps.get(0).getSequence()).isEqualTo(frame.getSequence());
    return maps.get(0);
  }

  private String counters() {
    try {
      return get(metrics)
          .body()
          .lines()
          .filter(l -> l.startsWith("depthstream_"))
          .toList()
          .toString();
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** Kafka Streams reaches RUNNING a few seconds after the app starts; wait for it. */
  private HttpResponse<String> awaitReady() throws Exception {
    long end = System.nanoTime() + DEADLINE.toNanos();
    HttpResponse<String> last = get(ready);
    while (last.statusCode() != 200 && System.nanoTime() < end) {
      Thread.sleep(500);
      last = get(ready);
    }
    return last;
  }

  private HttpResponse<String> get(URL url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
