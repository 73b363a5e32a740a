package io.depthstream.streams.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.live.LiveFleetView;
import io.depthstream.streams.live.LiveViewConfig;
import io.depthstream.streams.topics.Topics;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Before Kafka Streams runs, every store query answers 503 with the reason; with the live view off,
 * the frame and history queries answer 404 saying how to turn it on.
 */
class VehicleResourceTest {

  @TempDir Path temp;

  @Test
  void answers503WithAReasonWhileStreamsIsNotRunning() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.stream("in").to("out");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "resource-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, temp.toString());
    try (KafkaStreams streams = new KafkaStreams(builder.build(), props)) {
      DepthstreamConfig config = TestConfig.load(Map.of());
      VehicleResource resource =
          new VehicleResource(
              streams,
              config,
              new LiveFleetView(liveViewOff(), config, Topics.from(config.topics()), null));

      for (Response response :
          new Response[] {
            resource.vehicles(), resource.metrics("v7"), resource.depthPng("v7", null, null, null)
          }) {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(((Map<?, ?>) response.getEntity()).get("reason").toString()).contains("CREATED");
      }
      for (Response response :
          new Response[] {resource.frame("v7", null, null), resource.history("v7")}) {
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(((Map<?, ?>) response.getEntity()).get("reason").toString())
            .contains("depthstream.live-view.enabled=true");
      }
    }
  }

  private static LiveViewConfig liveViewOff() {
    return new LiveViewConfig() {
      @Override
      public boolean enabled() {
        return false;
      }

      @Override
      public int framesPerCamera() {
        return 1;
      }

      @Override
      public int historyPoints() {
        return 1;
      }

      @Override
      public int maxCameras() {
        return 1;
      }
    };
  }
}
