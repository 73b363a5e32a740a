package io.depthstream.streams.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Materialized;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local task directories a start deletes ({@link LocalTaskState}, {@link StateDirectoryReset}):
 * every task directory with what it holds, nothing else of the application's directory. The restart
 * that this balances over the stream threads is {@code ServiceRunFirstStartIntegrationTest}'s, on a
 * real broker.
 */
class LocalTaskStateTest {

  @TempDir Path temp;

  @Test
  void deletesTheTaskDirectoriesAndKeepsTheProcessIdAndTheLock() throws Exception {
    Path app = temp.resolve("depthstream");
    Files.createDirectories(app.resolve("0_0/rocksdb/pending-frames"));
    Files.writeString(app.resolve("0_0/rocksdb/pending-frames/000001.sst"), "sst");
    Files.writeString(app.resolve("0_0/.checkpoint"), "0\n");
    Files.createDirectories(app.resolve("12_2"));
    Files.writeString(app.resolve("kafka-streams-process-metadata"), "{processId}");
    Files.writeString(app.resolve(".lock"), "");
    Files.createDirectories(app.resolve("not_a_task"));
    Files.createDirectories(app.resolve("global"));

    List<Path> deleted = LocalTaskState.clear(app);

    assertThat(deleted).containsExactly(app.resolve("0_0"), app.resolve("12_2"));
    assertThat(app.resolve("0_0")).doesNotExist();
    assertThat(app.resolve("12_2")).doesNotExist();
    assertThat(app.resolve("kafka-streams-process-metadata")).hasContent("{processId}");
    assertThat(app.resolve(".lock")).exists();
    assertThat(app.resolve("not_a_task")).isDirectory();
    assertThat(app.resolve("global")).isDirectory();
    assertThat(LocalTaskState.taskDirectories(app)).isEmpty();
  }

  @Test
  void anAbsentDirectoryHasNoTasks() {
    assertThat(LocalTaskState.clear(temp.resolve("never-started"))).isEmpty();
  }

  @Test
  void theServiceResetDeletesBeforeTheStartAndNeverUnderAStartedInstance() throws Exception {
    Path app = temp.resolve("reset-test");
    Files.createDirectories(app.resolve("0_1/rocksdb"));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "reset-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
    props.put(StreamsConfig.STATE_DIR_CONFIG, temp.toString());
    StreamsBuilder builder = new StreamsBuilder();
    builder.table("in", Materialized.as("kept"));
    StreamsConfig settings = new StreamsConfig(props);
    try (KafkaStreams created = new KafkaStreams(builder.build(), props)) {
      assertThat(StateDirectoryReset.reset(created, settings)).containsExactly(app.resolve("0_1"));
      assertThat(app.resolve("0_1")).doesNotExist();
      assertThat(app).isDirectory();
    }
    // A closed instance is no longer CREATED: nothing is touched.
    Files.createDirectories(app.resolve("0_2"));
    try (KafkaStreams closed = new KafkaStreams(builder.build(), props)) {
      closed.close();
      assertThat(StateDirectoryReset.reset(closed, settings)).isEmpty();
      assertThat(app.resolve("0_2")).isDirectory();
    }
  }
}
