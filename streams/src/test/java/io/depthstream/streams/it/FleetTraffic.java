package io.depthstream.streams.it;

import io.depthstream.schemas.GroundTruth;
import io.depthstream.streams.topics.Topic;
import io.depthstream.streams.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * A fleet on the road, on a thread of its own: every tick each vehicle publishes the depth-image
 * ground truth its LiDAR took at this instant and its camera frame of the same instant, so every
 * frame has its truth inside the join window. After the last frame, once join window and grace have
 * passed, each camera sends one more scan: it moves stream time on, so that the service decides
 * (scores) the last frames too.
 */
final class FleetTraffic implements AutoCloseable {

  /** Small frames: the test is about delivery, not pixels. */
  private static final int WIDTH = 64;

  private static final int HEIGHT = 48;
  private static final int GREY = 128;

  /** The grey model reads level 128 as 5.02 m: every pixel within δ < 1.25 of this truth. */
  private static final double TRUTH_METRES = 5.0;

  private final String bootstrapServers;
  private final Topics topics;
  private final List<String> vehicles;
  private final int framesPerVehicle;
  private final Duration interval;
  private final Duration closingDelay;
  private final ExecutorService driver =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "fleet-traffic"));
  private Future<?> driving;

  private FleetTraffic(
      String bootstrapServers,
      Topics topics,
      List<String> vehicles,
      int framesPerVehicle,
      Duration interval,
      Duration closingDelay) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.vehicles = List.copyOf(vehicles);
    this.framesPerVehicle = framesPerVehicle;
    this.interval = interval;
    this.closingDelay = closingDelay;
  }

  /**
   * Starts sending {@code framesPerVehicle} frames per vehicle, one tick per {@code interval}, and
   * the closing scans {@code closingDelay} after the last tick.
   */
  static FleetTraffic start(
      String bootstrapServers,
      Topics topics,
      List<String> vehicles,
      int framesPerVehicle,
      Duration interval,
      Duration closingDelay) {
    FleetTraffic fleet =
        new FleetTraffic(
            bootstrapServers, topics, vehicles, framesPerVehicle, interval, closingDelay);
    fleet.driving = fleet.driver.submit(fleet::drive);
    return fleet;
  }

  /** Frames the whole fleet sends. */
  int frames() {
    return vehicles.size() * framesPerVehicle;
  }

  /** Waits until every frame and closing scan is acknowledged by the broker. */
  void awaitSent(Duration deadline) throws Exception {
    driving.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Throws if sending stopped on an error: nothing more will arrive, so waiting is pointless. */
  void requireDriving() {
    if (driving.isDone() && !driving.isCancelled()) {
      try {
        driving.get();
      } catch (ExecutionException e) {
        throw new IllegalStateException("the fleet stopped sending: " + e.getCause(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    driver.shutdownNow();
    driver.awaitTermination(10, TimeUnit.SECONDS);
  }

  private Void drive() throws Exception {
    try (KafkaProducer<String, byte[]> producer = KafkaClients.producer(bootstrapServers, null)) {
      long start = System.nanoTime();
      for (long sequence = 0; sequence < framesPerVehicle; sequence++) {
        Instant now = Instant.now();
        List<Future<RecordMetadata>> tick = new ArrayList<>();
        for (String vehicle : vehicles) {
          tick.add(send(producer, topics.scans(), vehicle, now, truth(vehicle, sequence, now)));
          tick.add(
              send(
                  producer,
                  topics.frames(),
                  vehicle,
                  now,
                  ServiceTraffic.greyFrame(vehicle, sequence, WIDTH, HEIGHT, GREY, now)));
        }
        awaitAcks(tick);
        sleepUntil(start + (sequence + 1) * interval.toNanos());
      }
      Thread.sleep(closingDelay.toMillis());
      Instant now = Instant.now();
      List<Future<RecordMetadata>> closing = new ArrayList<>();
      for (String vehicle : vehicles) {
        closing.add(
            send(producer, topics.scans(), vehicle, now, truth(vehicle, framesPerVehicle, now)));
      }
      awaitAcks(closing);
    }
    return null;
  }

  private static GroundTruth truth(String vehicle, long sequence, Instant captured) {
    return ServiceTraffic.depthTruth(vehicle, sequence, captured, WIDTH, HEIGHT, TRUTH_METRES);
  }

  /** Sends keyed by the vehicle's camera, stamped with the capture time, as vehicles do. */
  private static <V> Future<RecordMetadata> send(
      KafkaProducer<String, byte[]> producer,
      Topic<String, V> topic,
      String vehicle,
      Instant captured,
      V value) {
    return producer.send(
        new ProducerRecord<>(
            topic.name(),
            null,
            captured.toEpochMilli(),
            ServiceTraffic.cameraKey(vehicle),
            topic.encodeValue(value)));
  }

  /** Fails the drive on the first record the broker refused. */
  private static void awaitAcks(List<Future<RecordMetadata>> sent) throws Exception {
    for (Future<RecordMetadata> ack : sent) {
      ack.get();
    }
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left = nanoTime - System.nanoTime();
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
  }
}
