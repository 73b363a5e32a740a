package io.depthstream.streams.demo;

import io.depthstream.core.synth.SceneKind;
import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FleetPublisher;
import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FleetTopic;
import io.depthstream.fleet.Pacer;
import io.depthstream.fleet.SyntheticFleetSource;
import io.depthstream.schemas.ImageEncoding;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.kafka.KafkaStartup;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's simulated fleet, inside the service's process: once Kafka Streams is RUNNING it
 * publishes {@link SyntheticFleetSource}'s calibrations, camera frames and LiDAR sweeps to the
 * service's input topics in real time (each record stamped with its capture time). It stops first
 * when the application shuts down, before Kafka Streams and the broker, and asks the application to
 * shut down when {@code depthstream.demo.duration} has passed.
 */
@ApplicationScoped
public class DemoFleet {

  private static final Logger LOG = LoggerFactory.getLogger(DemoFleet.class);
  private static final Duration STREAMS_START_LIMIT = Duration.ofMinutes(3);

  // Colour scales that show the structure of each scene: most of a street lies within 40 m, a
  // room within 10 m (the LiDAR reaches 120 m and 10 m).
  private static final double STREET_SHOWN = 40;
  private static final double ROOM_SHOWN = 10;

  private final DemoConfig demo;
  private final DepthstreamConfig service;
  private final KafkaStartup kafka;
  private final KafkaStreams streams;
  private final DemoSize size;
  private final AtomicLong framesSent = new AtomicLong();
  private volatile long lagMillis;
  private volatile long startedMillis;
  private volatile boolean running;
  private Thread publisher;

  @Inject
  public DemoFleet(
      DemoConfig demo, DepthstreamConfig service, KafkaStartup kafka, KafkaStreams streams) {
    this.demo = demo;
    this.service = service;
    this.kafka = kafka;
    this.streams = streams;
    this.size = DemoSize.parse(demo.size());
    if (demo.enabled() && (demo.vehicles() < 1 || !(demo.fps() > 0))) {
      throw new IllegalArgumentException(
          "depthstream.demo.vehicles must be at least 1 and depthstream.demo.fps above 0; got "
              + demo.vehicles()
              + " and "
              + demo.fps());
    }
  }

  /** The scene vehicle number {@code v} drives through: streets and rooms, alternating. */
  public static SceneKind scene(int v) {
    return v % 2 == 0 ? SceneKind.STREET : SceneKind.INDOOR;
  }

  /** The vehicles with their scenes, in order ({@code v0, v1, …}). */
  public List<DemoVehicle> vehicles() {
    List<DemoVehicle> list = new ArrayList<>();
    for (int v = 0; v < demo.vehicles(); v++) {
      boolean street = scene(v) == SceneKind.STREET;
      list.add(
          new DemoVehicle(
              "v" + v, street ? "street car" : "indoor robot", street ? STREET_SHOWN : ROOM_SHOWN));
    }
    return list;
  }

  public long framesSent() {
    return framesSent.get();
  }

  /** How far the newest frame's capture time is behind the wall clock when it is sent. */
  public long lagMillis() {
    return lagMillis;
  }

  /** When the fleet sent its first record, epoch ms; 0 before. */
  public long startedMillis() {
    return startedMillis;
  }

  void onStart(@Observes StartupEvent event) {
    if (!demo.enabled()) {
      return;
    }
    running = true;
    publisher = new Thread(this::run, "demo-fleet");
    publisher.setDaemon(true);
    publisher.start();
  }

  // Before every default-priority shutdown observer: no frame is sent into a closing service.
  void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
    if (publisher == null) {
      return;
    }
    running = false;
    publisher.interrupt();
    try {
      publisher.join(TimeUnit.SECONDS.toMillis(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("demo fleet stopped after {} frames", framesSent.get());
  }

  private void run() {
    try {
      if (!awaitStreamsRunning()) {
        return;
      }
      publish();
    } catch (RuntimeException e) {
      LOG.error("the demo fleet stopped: {}", e.getMessage(), e);
    }
  }

  private boolean awaitStreamsRunning() {
    long deadline = System.nanoTime() + STREAMS_START_LIMIT.toNanos();
    while (running && streams.state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State state = streams.state();
      boolean failed =
          state == KafkaStreams.State.ERROR
              || state == KafkaStreams.State.PENDING_ERROR
              || state == KafkaStreams.State.NOT_RUNNING;
      if (failed || System.nanoTime() > deadline) {
        LOG.error("Kafka Streams is {}; the demo fleet does not start (see the log above)", state);
        return false;
      }
      if (!sleep(200_000_000L)) {
        return false;
      }
    }
    return running;
  }

  private void publish() {
    List<SceneKind> kinds = new ArrayList<>();
    for (int v = 0; v < demo.vehicles(); v++) {
      kinds.add(scene(v));
    }
    // Until Ctrl-C the source never runs dry; with a duration it holds just enough frames.
    int frames =
        demo.duration()
            .map(
                d ->
                    (int)
                        Math.min(Integer.MAX_VALUE, Math.ceil(d.toMillis() / 1000.0 * demo.fps())))
            .orElse(Integer.MAX_VALUE);
    long start = System.currentTimeMillis();
    Pacer pacer = Pacer.parse("realtime");
    try (SyntheticFleetSource source =
            new SyntheticFleetSource(
                kinds,
                "cam0",
                size.width(),
                size.height(),
                Math.max(1, frames),
                demo.fps(),
                ImageEncoding.JPEG,
                demo.seed(),
                CaptureClock.live(start),
                Math.max(1, Runtime.getRuntime().availableProcessors()));
        FleetPublisher out =
            new FleetPublisher(
                new KafkaProducer<>(
                    kafka
                        .clientConfig()
                        .applyTo(
                            FleetPublisher.producerProperties(
                                kafka.bootstrapServers(),
                                FleetPublisher.DEFAULT_MAX_REQUEST_BYTES))),
                topicNames())) {
      startedMillis = start;
      LOG.info("demo fleet: {}", source.description());
      long started = System.nanoTime();
      long sent = 0;
      while (running && source.hasNext() && out.failure() == null) {
        FleetRecord record = source.next();
        if (record.topic() == FleetTopic.FRAMES) {
          if (!sleep(
              started + pacer.dueNanos(sent++, record.timestampMillis()) - System.nanoTime())) {
            break;
          }
          lagMillis = Math.max(0, System.currentTimeMillis() - record.timestampMillis());
          framesSent.incrementAndGet();
        }
        out.send(record);
      }
      out.flush();
      if (out.failure() != null) {
        LOG.error(
            "the demo fleet could not publish: {}",
            kafka
                .clientConfig()
                .explainRefusal(kafka.bootstrapServers(), out.failure())
                .orElse(out.failure().toString()));
        Quarkus.asyncExit(1);
        return;
      }
    }
    if (running && demo.duration().isPresent()) {
      LOG.info("demo: {} passed, stopping", demo.duration().get());
      Quarkus.asyncExit(0);
    }
  }

  private Map<FleetTopic, String> topicNames() {
    Map<FleetTopic, String> names = new EnumMap<>(FleetTopic.class);
    names.put(FleetTopic.FRAMES, service.topics().frames());
    names.put(FleetTopic.SCANS, service.topics().scans());
    names.put(FleetTopic.CALIBRATION, service.topics().calibration());
    return names;
  }

  /** Sleeps {@code nanos} (nothing when not positive); false when interrupted or stopping. */
  private boolean sleep(long nanos) {
    try {
      if (nanos > 0) {
        TimeUnit.NANOSECONDS.sleep(nanos);
      }
      return running;
    } catch (InterruptedException e) {
      return false;
    }
  }

  /**
   * A vehicle of the demo fleet and what it is, for the page and the console; {@code shownDepth} is
   * the far end of its depth pictures' colour scale.
   */
  public record DemoVehicle(String id, String scene, double shownDepth) {}
}
