package io.depthstream.streams.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.streams.TestConfig;
import jakarta.ws.rs.core.Response;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Before Kafka Streams runs, every query answers 503 with the reason. */
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
      VehicleResource resource = new VehicleResource(streams, TestConfig.load(Map.of()));

      for (Response response :
          new Response[] {
            resource.vehicles(), resource.metrics("v7"), resource.depthPng("v7", null, null, null)
          }) {
        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(((Map<?, ?>) response.getEntity()).get("reason").toString()).contains("CREATED");
      }
    }
  }
}
