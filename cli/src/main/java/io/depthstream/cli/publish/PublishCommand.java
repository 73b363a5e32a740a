package io.depthstream.cli.publish;

import io.depthstream.core.progress.ProgressBar;
import io.depthstream.fleet.FleetPublisher;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FleetTopic;
import io.depthstream.fleet.FrameSource;
import io.depthstream.fleet.KafkaClientConfig;
import io.depthstream.fleet.Pacer;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./depthstream publish}: plays a fleet into Kafka — the synthetic world, a folder of
 * pictures, a KITTI raw drive or DenseDepth's NYU data — as CameraFrame, GroundTruth and
 * SensorCalibration records on the service's input topics.
 */
@Command(
    name = "publish",
    mixinStandardHelpOptions = true,
    description = {
      "Send camera frames, LiDAR scans / depth images and calibrations to the frame topics, from the"
          + " synthetic world, a folder of pictures, a KITTI raw drive or DenseDepth's NYU data.",
      "Values are Avro single-object records, keys vehicleId/cameraId, record time = capture time."
          + " The producer allows records up to --max-request-bytes (16 MiB; Kafka's default is 1 MB)"
          + " and missing topics are created with that limit (calibration compacted)."
    },
    sortOptions = false)
public final class PublishCommand implements Callable<Integer> {

  /** How far behind real time a live publish may fall before it warns. */
  private static final long LAG_WARNING_MILLIS = 5_000;

  @Spec CommandSpec spec;

  @Mixin FleetSourceOptions fleet;

  @Option(
      names = "--rate",
      defaultValue = "realtime",
      converter = PublishConverters.Rate.class,
      description =
          "realtime (send each frame when its capture time comes round), frames/s across the fleet, or 0 for as fast as possible. Default: ${DEFAULT-VALUE}")
  Pacer rate;

  @Mixin KafkaOptions kafka;

  @Mixin FleetTopicOptions topics;

  @Option(
      names = "--partitions",
      defaultValue = "3",
      description =
          "Partitions of topics this command creates (as the service does). Default: ${DEFAULT-VALUE}")
  int partitions;

  @Option(
      names = "--max-request-bytes",
      defaultValue = "16777216",
      description =
          "Largest record the producer sends (max.request.size); created topics get the same max.message.bytes. Default: ${DEFAULT-VALUE}")
  int maxRequestBytes;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (maxRequestBytes < 1024 * 1024) {
      throw usage(
          "--max-request-bytes must be at least 1048576 (Kafka's default), got " + maxRequestBytes);
    }
    if (partitions < 1) {
      throw usage("--partitions must be at least 1, got " + partitions);
    }
    Duration timeout = kafka.connectTimeout();
    String bootstrap = kafka.bootstrap();
    KafkaClientConfig client = kafka.client();
    try (FrameSource source = fleet.open()) {
      KafkaAccess.quietClientLogs();
      Map<FleetTopic, String> names = topics.names();
      try (Admin admin = Admin.create(KafkaAccess.adminProperties(bootstrap, timeout, client))) {
        KafkaAccess.requireReachable(admin, bootstrap, timeout, client);
        List<String> created =
            FleetTopics.createMissing(admin, names, partitions, maxRequestBytes, timeout);
        if (!created.isEmpty()) {
          err.println("publish: created topics " + created + " (" + partitions + " partitions)");
        }
      }
      return publish(source, bootstrap, client, names, rate);
    } catch (BrokerUnreachableException | KafkaRefusedException e) {
      err.println("publish: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
      err.println("publish: " + client.scrub(e.getMessage()));
      return 1;
    } catch (KafkaException e) {
      err.println("publish: " + KafkaAccess.explain(e, bootstrap, client));
      return 1;
    }
  }

  private int publish(
      FrameSource source,
      String bootstrap,
      KafkaClientConfig client,
      Map<FleetTopic, String> topics,
      Pacer pacer) {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    err.println("publish: " + source.description() + " -> " + bootstrap + ", " + pacer.describe());
    err.flush();
    long started = System.nanoTime();
    long frames = 0;
    long bytes = 0;
    boolean lagWarned = false;
    try (FleetPublisher publisher =
            new FleetPublisher(
                new KafkaProducer<>(
                    client.applyTo(FleetPublisher.producerProperties(bootstrap, maxRequestBytes))),
                topics);
        ProgressBar progress =
            new ProgressBar("publish", source.frameCount(), "frames", System.err)) {
      while (source.hasNext() && publisher.failure() == null) {
        FleetRecord record = source.next();
        if (record.topic() == FleetTopic.FRAMES) {
          sleepUntil(started + pacer.dueNanos(frames, record.timestampMillis()));
          frames++;
        }
        bytes += publisher.send(record);
        if (record.topic() == FleetTopic.FRAMES) {
          progress.step();
          lagWarned = lagWarned || warnIfBehind(record, err);
        }
      }
      publisher.flush();
      if (publisher.failure() != null) {
        err.println("publish: " + explain(publisher.failure(), bootstrap, client));
        return 1;
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      progress.close();
      out.printf(
          Locale.ROOT,
          "published %d frames, %d scans, %d calibrations (%.1f MB) to %s in %.1f s: %.2f frames/s,"
              + " %.2f MB/s%n",
          publisher.acknowledged(FleetTopic.FRAMES),
          publisher.acknowledged(FleetTopic.SCANS),
          publisher.acknowledged(FleetTopic.CALIBRATION),
          publisher.acknowledgedBytes() / 1e6,
          bootstrap,
          seconds,
          publisher.acknowledged(FleetTopic.FRAMES) / seconds,
          publisher.acknowledgedBytes() / 1e6 / seconds);
      out.printf(
          Locale.ROOT,
          "  topics: %s, %s, %s%n",
          topics.get(FleetTopic.FRAMES),
          topics.get(FleetTopic.SCANS),
          topics.get(FleetTopic.CALIBRATION));
      out.flush();
      return 0;
    }
  }

  /**
   * With a live clock, frames stamped further in the past than {@link #LAG_WARNING_MILLIS} mean the
   * source cannot keep up with its own frame rate; the service drops frames older than its
   * freshness limit, so say so once rather than let them vanish into the DLQ unexplained.
   */
  private boolean warnIfBehind(FleetRecord frame, PrintWriter err) {
    long lag = System.currentTimeMillis() - frame.timestampMillis();
    if (fleet.clock() != ClockMode.LIVE || lag <= LAG_WARNING_MILLIS) {
      return false;
    }
    err.printf(
        Locale.ROOT,
        "%npublish: frames are %.1f s behind their capture times (the source produces fewer than"
            + " --fps %.3g frames/s per vehicle here); the service drops frames older than"
            + " depthstream.freshness.max-frame-age (30 s by default). Fix: lower --fps, --size or"
            + " --vehicles, or publish --clock recorded for offline replay%n",
        lag / 1000.0,
        fleet.fps());
    err.flush();
    return true;
  }

  private static void sleepUntil(long dueNanos) {
    long wait = dueNanos - System.nanoTime();
    if (wait > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String explain(Exception failure, String bootstrap, KafkaClientConfig client) {
    if (failure instanceof RecordTooLargeException) {
      return "a record was refused as too large ("
          + failure.getMessage()
          + "). Fix: raise --max-request-bytes and the topic's max.message.bytes together, or send"
          + " --encoding jpeg frames";
    }
    return client
        .explainRefusal(bootstrap, failure)
        .orElse("sending to " + bootstrap + " failed: " + client.failureMessage(failure));
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
