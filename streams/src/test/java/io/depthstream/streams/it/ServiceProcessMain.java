package io.depthstream.streams.it;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.streams.TestConfig;
import io.depthstream.streams.config.DepthstreamConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The depth service as a plain Java program (the service topology on Kafka Streams, no Quarkus):
 * the child JVM that {@link ServiceProcess} starts and kills. It reports each state change on
 * standard output as {@code STATE <state> partitions=<input partitions of its active tasks>}, and
 * exits when its standard input closes, so that it never outlives the test JVM that started it.
 *
 * <p>Arguments: bootstrap servers, application id, state directory, model bundle directory, then
 * any number of {@code key=value} configuration overrides.
 */
final class ServiceProcessMain {

  static final String STATE_PREFIX = "STATE ";
  static final String PARTITIONS_FIELD = " partitions=";

  private ServiceProcessMain() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 4) {
      throw new IllegalArgumentException(
          "usage: ServiceProcessMain <bootstrap> <application-id> <state-dir> <model-bundle-dir>"
              + " [key=value ...]");
    }
    logToStandardOutput();
    QuietKafkaLogs.apply();
    Map<String, String> overrides = overrides(args);
    DepthstreamConfig config = TestConfig.load(overrides);
    // Neither the estimator nor Kafka Streams is ever closed: this process ends by being killed.
    DepthEstimator estimator =
        DepthEstimator.open(
            ModelBundle.load(Path.of(args[3])),
            EngineOptions.defaults().withDevice(DeviceChoice.CPU));
    KafkaStreams streams =
        ServiceStreams.create(
            ServiceStreams.topology(config, estimator),
            ServiceStreams.properties(args[1], args[0], Path.of(args[2]), overrides));
    streams.setStateListener((now, before) -> report(streams, now));
    streams.start();
    // The parent never writes: the end of standard input means it is gone.
    System.in.transferTo(OutputStream.nullOutputStream());
    Runtime.getRuntime().halt(0);
  }

  /** Plain JBoss LogManager logs nothing until Quarkus configures it: INFO to the console. */
  private static void logToStandardOutput() {
    ConsoleHandler console =
        new ConsoleHandler(new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{3.}] (%t) %s%e%n"));
    Logger root = LogContext.getLogContext().getLogger("");
    root.setLevel(Level.INFO);
    root.addHandler(console);
  }

  private static Map<String, String> overrides(String[] args) {
    Map<String, String> overrides = new HashMap<>();
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("override '" + args[i] + "' is not key=value");
      }
      overrides.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    return overrides;
  }

  /** One line per state change; the parent reads this file, so stdout is the protocol here. */
  private static void report(KafkaStreams streams, State now) {
    String partitions =
        now == State.RUNNING
            ? streams.metadataForLocalThreads().stream()
                .map(ThreadMetadata::activeTasks)
                .flatMap(Collection::stream)
                .map(TaskMetadata::topicPartitions)
                .flatMap(Collection::stream)
                .map(tp -> tp.topic() + "-" + tp.partition())
                .sorted()
                .collect(Collectors.joining(","))
            : "";
    System.out.println(STATE_PREFIX + now + PARTITIONS_FIELD + partitions);
    System.out.flush();
    if (now == State.ERROR) {
      // A dead service must not look alive to a test that waits for it.
      Runtime.getRuntime().halt(2);
    }
  }
}
