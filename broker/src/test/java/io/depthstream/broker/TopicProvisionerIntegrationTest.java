package io.depthstream.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Topic provisioning against a real broker: creation, idempotence, drift reports. */
@Tag("integration")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TopicProvisionerIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static EmbeddedKafkaBroker broker;
  private static Admin admin;

  @BeforeAll
  static void start() {
    TestClients.quietLogs();
    broker = EmbeddedKafkaBroker.start(BrokerSettings.ephemeral());
    admin = TestClients.admin(broker.bootstrapServers());
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void createsMissingTopicsWithTheirConfigurationAndIsIdempotent() throws Exception {
    List<TopicSpec> specs =
        List.of(
            TopicSpec.of("prov.frames", 3).maxMessageBytes(8_388_608),
            TopicSpec.of("prov.calibration", 3).compacted(),
            TopicSpec.of("prov.metrics", 2));
    TopicProvisioner provisioner = new TopicProvisioner(admin, TIMEOUT);

    TopicProvisioner.Result first = provisioner.ensure(specs);
    TopicProvisioner.Result second = provisioner.ensure(specs);

    assertThat(first.created())
        .containsExactlyInAnyOrder("prov.frames", "prov.calibration", "prov.metrics");
    assertThat(first.existing()).isEmpty();
    assertThat(second.created()).isEmpty();
    assertThat(second.existing())
        .containsExactlyInAnyOrder("prov.frames", "prov.calibration", "prov.metrics");
    assertThat(second.mismatches()).isEmpty();

    assertThat(
            admin
                .describeTopics(List.of("prov.frames"))
                .allTopicNames()
                .get()
                .get("prov.frames")
                .partitions())
        .hasSize(3);
    assertThat(config("prov.frames").get("max.message.bytes").value()).isEqualTo("8388608");
    assertThat(config("prov.calibration").get("cleanup.policy").value()).isEqualTo("compact");
    assertThat(config("prov.metrics").get("cleanup.policy").value()).isEqualTo("delete");
  }

  @Test
  void anExistingTopicThatDiffersIsReportedWithItsFixAndLeftAlone() throws Exception {
    admin
        .createTopics(
            List.of(
                new NewTopic("prov.small", Optional.of(1), Optional.empty())
                    .configs(Map.of("max.message.bytes", "1048588"))))
        .all()
        .get();

    TopicProvisioner.Result result =
        new TopicProvisioner(admin, TIMEOUT)
            .ensure(List.of(TopicSpec.of("prov.small", 2).maxMessageBytes(16_777_216).compacted()));

    assertThat(result.created()).isEmpty();
    assertThat(result.mismatches())
        .hasSize(3)
        .anySatisfy(m -> assertThat(m).contains("prov.small has 1 partition(s)", "--partitions 2"))
        .anySatisfy(
            m -> assertThat(m).contains("max.message.bytes=1048588", "max.message.bytes=16777216"))
        .anySatisfy(m -> assertThat(m).contains("cleanup.policy=delete", "cleanup.policy=compact"));
    assertThat(config("prov.small").get("max.message.bytes").value()).isEqualTo("1048588");
  }

  private static Config config(String topic) throws Exception {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    return admin.describeConfigs(List.of(resource)).all().get().get(resource);
  }
}
