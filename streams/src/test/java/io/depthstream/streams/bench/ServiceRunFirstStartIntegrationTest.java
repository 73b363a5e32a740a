package io.depthstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.streams.config.ServiceSettings;
import io.depthstream.streams.it.QuietKafkaLogs;
import io.depthstream.streams.kafka.LocalTaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline benchmark's first start ({@link ServiceRun#firstStart}) on a real in-process broker:
 * afterwards Kafka Streams' own internal topics exist (so the restart onto the backlog finds them
 * in its first metadata and has no follow-up rebalance) and the closed instance's consumers are
 * gone from the group (so the restart does not wait out their session timeout). Before it, the
 * drains were the service's very first start, and a rebalance inside the timed window cost 7 of 37
 * runs a third of their frames/s (BENCHMARKS.md, twenty-first run).
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ServiceRunFirstStartIntegrationTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path temp;

  @BeforeEach
  void quietKafkaLogs() {
    QuietKafkaLogs.apply();
  }

  @Test
  void theFirstStartLeavesTheInternalTopicsAndAnEmptyGroupAndTheRestartRuns() throws Exception {
    ModelBundle bundle = OnnxTestModels.greyToDepthBundle(temp.resolve("model"));
    ServiceSettings settings =
        ServiceSettings.load(
            "prod", Map.of("depthstream.model.bundle", bundle.directory().toString()));
    String group = settings.value("quarkus.kafka-streams.application-id").orElseThrow();
    try (DepthEstimator estimator =
            DepthEstimator.open(bundle, settings.depthstream().model().engineOptions());
        ServiceRun run = ServiceRun.start(settings, estimator);
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, run.bootstrapServers()))) {
      Set<String> before = admin.listTopics().names().get();
      assertThat(before).noneMatch(ServiceRunFirstStartIntegrationTest::internal);

      run.firstStart(TIMEOUT);

      assertThat(run.firstStartSeconds()).isPositive();
      Set<String> after = admin.listTopics().names().get();
      assertThat(after)
          .anyMatch(t -> t.startsWith(group + "-") && t.endsWith("-repartition"))
          .anyMatch(t -> t.startsWith(group + "-") && t.endsWith("-changelog"));
      ConsumerGroupDescription description =
          admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      assertThat(description.members()).as("members left after the first start").isEmpty();
      assertThat(run.failure()).as("state after the first start's close").isNull();
      assertThat(run.secondsToRunning()).isZero();
      // The first start's task directories are gone, its process id stays (the service's
      // StateDirectoryReset deletes the same way): the restart keeps its transactional ids.
      Path app = run.applicationDirectory();
      assertThat(LocalTaskState.taskDirectories(app)).isEmpty();
      assertThat(app.resolve("kafka-streams-process-metadata")).isRegularFile();

      run.startStreams();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (run.secondsToRunning() == 0 && System.nanoTime() < deadline) {
        assertThat(run.failure()).isNull();
        Thread.sleep(20);
      }
      assertThat(run.secondsToRunning()).as("the restart reached RUNNING").isPositive();
      // The three cameras' frame tasks on three threads: with the first start's task directories
      // left in place, Kafka Streams gave all three to one thread ("3, 0, 0").
      assertThat(run.frameTasksPerThread()).isEqualTo("1, 1, 1");
    }
  }

  private static boolean internal(String topic) {
    return topic.endsWith("-repartition") || topic.endsWith("-changelog");
  }
}
