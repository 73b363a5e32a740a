package io.depthstream.cli.tail;

import io.depthstream.cli.ColormapConverter;
import io.depthstream.cli.publish.BrokerUnreachableException;
import io.depthstream.cli.publish.KafkaAccess;
import io.depthstream.cli.publish.KafkaOptions;
import io.depthstream.cli.publish.KafkaRefusedException;
import io.depthstream.cli.publish.OutputTopicOptions;
import io.depthstream.core.color.Colormap;
import io.depthstream.fleet.KafkaClientConfig;
import io.depthstream.schemas.DepthMap;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsWindow;
import io.depthstream.schemas.serde.AvroSerdes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./depthstream tail}: follows the service's outputs. Depth maps become pictures in a
 * folder; metrics (per frame and per window) become table rows or JSON lines on stdout. Reads every
 * partition without a consumer group, so it never moves anyone's committed offsets.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Consume depth.maps and write each map as its 16-bit depth PNG plus a coloured picture under"
          + " --out; or with --metrics print depth.metrics.frames and depth.metrics.windows as a"
          + " table (or --json lines).",
      "Reads all partitions without joining a consumer group; starts at the end unless"
          + " --from-beginning."
    },
    sortOptions = false)
public final class TailCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--metrics", description = "Print metrics records instead of writing depth maps.")
  boolean metrics;

  @Option(
      names = "--json",
      description = "With --metrics: one JSON object per line instead of a table.")
  boolean json;

  @Option(
      names = "--out",
      defaultValue = "data/tail",
      description = "Folder for depth pictures. Default: ${DEFAULT-VALUE}")
  Path out;

  @Option(
      names = "--colormap",
      defaultValue = "turbo",
      converter = ColormapConverter.class,
      description = "Colormap of the pictures: turbo, magma or gray. Default: ${DEFAULT-VALUE}")
  Colormap colormap;

  @Option(
      names = "--min-depth",
      defaultValue = "0",
      description = "Metres at the near end of the colours. Default: ${DEFAULT-VALUE}")
  double minDepth;

  @Option(
      names = "--max-depth",
      defaultValue = "0",
      description =
          "Metres at the far end of the colours; 0 = each map's own range. Default: ${DEFAULT-VALUE}")
  double maxDepth;

  @Option(
      names = "--max",
      defaultValue = "0",
      description = "Stop after this many records; 0 = no limit. Default: ${DEFAULT-VALUE}")
  long max;

  @Option(
      names = "--from-beginning",
      description = "Read the topics from their first record instead of new records only.")
  boolean fromBeginning;

  @Option(
      names = "--timeout",
      defaultValue = "0",
      paramLabel = "SECONDS",
      description =
          "Stop after this long without a new record; 0 = wait for ever (Ctrl-C stops). Default: ${DEFAULT-VALUE}")
  double timeout;

  @Mixin KafkaOptions kafka;

  @Mixin OutputTopicOptions topicNames;

  private final Deserializer<DepthMap> depthMaps = AvroSerdes.depthMap().deserializer();
  private final Deserializer<FrameMetrics> frameMetrics = AvroSerdes.frameMetrics().deserializer();
  private final Deserializer<MetricsWindow> windows = AvroSerdes.metricsWindow().deserializer();
  private long printedRows;

  @Override
  public Integer call() {
    if (max < 0 || timeout < 0) {
      throw usage("--max and --timeout must be 0 or more");
    }
    if (json && !metrics) {
      throw usage("--json prints metrics; add --metrics");
    }
    PrintWriter err = spec.commandLine().getErr();
    Duration wait = kafka.connectTimeout();
    String bootstrap = kafka.bootstrap();
    KafkaClientConfig client = kafka.client();
    List<String> topics =
        metrics
            ? List.of(topicNames.frameMetrics(), topicNames.windowMetrics())
            : List.of(topicNames.depthMaps());
    KafkaAccess.quietClientLogs();
    try {
      try (Admin admin = Admin.create(KafkaAccess.adminProperties(bootstrap, wait, client))) {
        KafkaAccess.requireReachable(admin, bootstrap, wait, client);
        requireTopics(admin, topics, wait, bootstrap);
      }
      return consume(
          bootstrap, client, topics, new DepthMapWriter(out, colormap, minDepth, maxDepth));
    } catch (BrokerUnreachableException | KafkaRefusedException e) {
      err.println("tail: " + e.getMessage());
      return 1;
    } catch (IllegalStateException e) {
      err.println("tail: " + client.scrub(e.getMessage()));
      return 1;
    } catch (KafkaException e) {
      err.println("tail: " + KafkaAccess.explain(e, bootstrap, client));
      return 1;
    } catch (IOException e) {
      err.println(
          "tail: cannot write under " + out + ": " + e + "; check --out is a writable folder");
      return 1;
    }
  }

  private static void requireTopics(
      Admin admin, List<String> topics, Duration wait, String bootstrap) {
    Set<String> present;
    try {
      present = admin.listTopics().names().get(wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing topics", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot list the topics of " + bootstrap + ": " + e, e);
    }
    for (String topic : topics) {
      if (!present.contains(topic)) {
        throw new IllegalStateException(
            "topic "
                + topic
                + " does not exist on "
                + bootstrap
                + " yet. Fix: start the service (./depthstream serve creates it), or name the topic"
                + " with the --*-topic options");
      }
    }
  }

  private int consume(
      String bootstrap, KafkaClientConfig client, List<String> topics, DepthMapWriter writer)
      throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    long seen = 0;
    long skipped = 0;
    long lastRecordNanos = System.nanoTime();
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(client.applyTo(consumerProperties(bootstrap)))) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : topics) {
        for (PartitionInfo info : consumer.partitionsFor(topic, kafka.connectTimeout())) {
          partitions.add(new TopicPartition(topic, info.partition()));
        }
      }
      consumer.assign(partitions);
      if (fromBeginning) {
        consumer.seekToBeginning(partitions);
      } else {
        consumer.seekToEnd(partitions);
      }
      err.println(
          "tail: reading "
              + topics
              + " from "
              + bootstrap
              + (fromBeginning ? " from the beginning" : " (new records)")
              + (metrics ? "" : ", writing pictures to " + out));
      err.flush();
      while (max == 0 || seen < max) {
        var records = consumer.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          if (timeout > 0 && System.nanoTime() - lastRecordNanos > timeout * 1e9) {
            break;
          }
          continue;
        }
        lastRecordNanos = System.nanoTime();
        for (ConsumerRecord<String, byte[]> record : records) {
          if (max > 0 && seen >= max) {
            break;
          }
          try {
            handle(record, writer, stdout);
            seen++;
          } catch (SerializationException | IllegalArgumentException e) {
            skipped++;
            err.println(
                "tail: skipped "
                    + record.topic()
                    + "-"
                    + record.partition()
                    + "@"
                    + record.offset()
                    + " (key "
                    + record.key()
                    + "): "
                    + e.getMessage());
          }
        }
        stdout.flush();
      }
    }
    err.println(
        String.format(
            Locale.ROOT,
            "tail: %d records%s%s",
            seen,
            skipped > 0 ? ", " + skipped + " skipped" : "",
            metrics ? "" : ", pictures in " + out));
    err.flush();
    return 0;
  }

  private void handle(
      ConsumerRecord<String, byte[]> record, DepthMapWriter writer, PrintWriter stdout)
      throws IOException {
    if (!metrics) {
      DepthMap map = depthMaps.deserialize(record.topic(), record.value());
      List<Path> files = writer.write(map);
      stdout.printf(
          Locale.ROOT,
          "%s #%d %dx%d %s %s %.1f ms inference, %.0f ms end to end -> %s%n",
          record.key(),
          map.getSequence(),
          map.getWidth(),
          map.getHeight(),
          map.getModelId() + "@" + map.getModelVersion(),
          map.getProvider(),
          map.getInferenceMs(),
          map.getEndToEndMs(),
          files.get(1).getFileName());
      return;
    }
    boolean frames = record.topic().equals(topicNames.frameMetrics());
    if (json) {
      stdout.println(
          MetricsLines.json(
              record.topic(),
              frames
                  ? frameMetrics.deserialize(record.topic(), record.value())
                  : windows.deserialize(record.topic(), record.value())));
      return;
    }
    if (printedRows++ % 40 == 0) {
      stdout.println(MetricsLines.FRAME_HEADER);
      stdout.println("  windows: " + MetricsLines.WINDOW_HEADER);
    }
    stdout.println(
        frames
            ? MetricsLines.row(frameMetrics.deserialize(record.topic(), record.value()))
            : "  windows: "
                + MetricsLines.row(windows.deserialize(record.topic(), record.value())));
  }

  private Properties consumerProperties(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "depthstream-tail");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    // Depth maps can be megabytes; match the service's producer limit.
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    return p;
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
