package io.depthstream.streams.failures;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.streams.TestConfig;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.ProductionExceptionHandlerResponse;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.SerializationExceptionOrigin;
import org.junit.jupiter.api.Test;

/** The handlers are the ones application.properties names, and answer as their Javadoc says. */
class FailureHandlersTest {

  @Test
  void applicationPropertiesNamesTheServicesHandlersAndOneRecordLimit() {
    Properties properties = TestConfig.kafkaStreams(Map.of());
    properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "handlers");
    properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    StreamsConfig config = new StreamsConfig(properties);
    assertThat(config.processingExceptionHandler()).isInstanceOf(ProcessingFailures.class);
    assertThat(config.productionExceptionHandler()).isInstanceOf(ProductionFailures.class);
    assertThat(config.deserializationExceptionHandler())
        .isInstanceOf(DeserializationFailures.class);
    assertThat(properties)
        .containsEntry("producer.max.request.size", "16777216")
        .containsEntry("topic.max.message.bytes", "16777216");
    assertThat(TestConfig.kafkaStreams(Map.of("depthstream.kafka.max-record-bytes", "4194304")))
        .as("one setting drives both")
        .containsEntry("producer.max.request.size", "4194304")
        .containsEntry("topic.max.message.bytes", "4194304");
  }

  @Test
  void aRecordThatCanNeverBeWrittenIsSkippedOtherTroubleRetriedOrFatal() {
    ProductionFailures handler = new ProductionFailures();
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>("depth.dlq", new byte[1], new byte[10]);
    assertThat(handler.handle(null, record, new RecordTooLargeException("too large")))
        .isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
    assertThat(handler.handle(null, record, new NotLeaderOrFollowerException("moving")))
        .isEqualTo(ProductionExceptionHandlerResponse.RETRY);
    assertThat(handler.handle(null, record, new TopicAuthorizationException("no ACL")))
        .isEqualTo(ProductionExceptionHandlerResponse.FAIL);
    assertThat(
            handler.handleSerializationException(
                null,
                record,
                new SerializationException("bad"),
                SerializationExceptionOrigin.VALUE))
        .isEqualTo(ProductionExceptionHandlerResponse.CONTINUE);
  }
}
