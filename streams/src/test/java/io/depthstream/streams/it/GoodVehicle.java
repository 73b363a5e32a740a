package io.depthstream.streams.it;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.streams.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A well-behaved vehicle that keeps driving in the background: its calibration once, then every
 * period a frame and the LiDAR sweep captured with it (capture time now), so the service has
 * something to depth-map and score throughout a test, and stream time keeps moving.
 */
final class GoodVehicle implements AutoCloseable {

  private final CameraRig rig;
  private final Topics topics;
  private final KafkaProducer<String, byte[]> producer;
  private final ScheduledExecutorService driver;
  private final AtomicLong lastSent = new AtomicLong(-1);
  private volatile Exception failure;

  private GoodVehicle(CameraRig rig, Topics topics, KafkaProducer<String, byte[]> producer) {
    this.rig = rig;
    this.topics = topics;
    this.producer = producer;
    this.driver = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, rig.key()));
  }

  /** Publishes {@code rig}'s calibration, then a frame and its sweep every {@code period}. */
  static GoodVehicle start(String bootstrap, Topics topics, CameraRig rig, Duration period)
      throws Exception {
    GoodVehicle vehicle = new GoodVehicle(rig, topics, KafkaClients.producer(bootstrap, null));
    vehicle
        .producer
        .send(
            new ProducerRecord<>(
                topics.calibration().name(),
                rig.key(),
                topics.calibration().encodeValue(rig.calibration())))
        .get();
    vehicle.driver.scheduleAtFixedRate(vehicle::drive, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    return vehicle;
  }

  /** The camera this vehicle drives. */
  CameraRig rig() {
    return rig;
  }

  /** Sequence of the last frame the broker acknowledged, -1 before the first. */
  long lastSent() {
    if (failure != null) {
      throw new IllegalStateException("the good vehicle stopped publishing", failure);
    }
    return lastSent.get();
  }

  private void drive() {
    if (failure != null) {
      return;
    }
    long sequence = lastSent.get() + 1;
    Instant now = Instant.now();
    CameraFrame frame = rig.frame(sequence, now);
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topics.frames().name(),
                  null,
                  now.toEpochMilli(),
                  rig.key(),
                  topics.frames().encodeValue(frame)))
          .get();
      producer
          .send(
              new ProducerRecord<>(
                  topics.scans().name(),
                  null,
                  now.toEpochMilli(),
                  rig.key(),
                  topics.scans().encodeValue(rig.sweep(sequence, now))))
          .get();
      lastSent.set(sequence);
    } catch (Exception e) {
      failure = e;
    }
  }

  @Override
  public void close() throws InterruptedException {
    driver.shutdownNow();
    driver.awaitTermination(10, TimeUnit.SECONDS);
    producer.close(Duration.ofSeconds(5));
  }
}
