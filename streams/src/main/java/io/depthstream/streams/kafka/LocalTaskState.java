package io.depthstream.streams.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The task directories Kafka Streams keeps under {@code state.dir/application.id}, one per task
 * ({@code 0_1}: sub-topology 0, partition 1), and their removal before a start.
 *
 * <p>Why a start removes them: Kafka Streams 4.1 reports every task directory it finds as its first
 * stream thread's, and its sticky assignment then hands that thread every task it "had", balancing
 * only the count of tasks per thread across all sub-topologies. A service restarted on its state
 * directory thus ran the model for every camera on one stream thread ("3, 0, 0" camera-frame tasks)
 * while the other two ran the light sub-topologies: 59-67 frames/s over 3 cameras against 77-100
 * started empty (BENCHMARKS.md, twenty-second run), until some later rebalance, maybe never.
 *
 * <p>Only the task directories go. The process metadata file stays, so the restarted instance keeps
 * its process id and with it its exactly-once transactional ids: after a crash it fences its dead
 * self at once instead of waiting out the dead transaction's timeout (BENCHMARKS.md, Recovery after
 * kill -9). The cost is a restoration of the stores from their changelogs, which an unclean exit
 * pays anyway: under exactly-once Kafka Streams wipes a task's store that has no valid checkpoint.
 */
public final class LocalTaskState {

  /** Kafka Streams' task directory names: sub-topology and partition. */
  private static final Pattern TASK = Pattern.compile("\\d+_\\d+");

  private LocalTaskState() {}

  /**
   * The application's state directory: where Kafka Streams keeps tasks for {@code applicationId}
   * under {@code stateDir}.
   */
  public static Path applicationDirectory(Path stateDir, String applicationId) {
    return stateDir.resolve(applicationId);
  }

  /**
   * The task directories under {@code applicationDir} now, sorted by name; none if it is absent.
   */
  public static List<Path> taskDirectories(Path applicationDir) {
    if (!Files.isDirectory(applicationDir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(applicationDir)) {
      return entries
          .filter(Files::isDirectory)
          .filter(p -> TASK.matcher(p.getFileName().toString()).matches())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + applicationDir, e);
    }
  }

  /**
   * Deletes every task directory under {@code applicationDir} and keeps everything else (the
   * process metadata file, the directory lock). Call it only while no Kafka Streams instance of
   * this application runs on the directory: between construction and {@code start()}, as {@code
   * KafkaStreams.cleanUp()} is called.
   *
   * @return the task directories deleted
   */
  public static List<Path> clear(Path applicationDir) {
    List<Path> deleted = new ArrayList<>();
    for (Path task : taskDirectories(applicationDir)) {
      deleteTree(task);
      deleted.add(task);
    }
    return deleted;
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot delete the local task state "
              + root
              + " before Kafka Streams starts: "
              + e.getMessage()
              + "; give the service write access to its state directory (kafka-streams.state.dir),"
              + " or set depthstream.state.clear-local-tasks-on-start=false to keep it",
          e);
    }
  }
}
