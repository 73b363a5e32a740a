package io.depthstream.fleet;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Waits until the partitions of freshly created topics take writes at their leaders.
 *
 * <p>Why a topic that exists is not yet enough: a broker announces a new partition's leader in its
 * metadata a moment before its replica manager has made the partition's log. A produce request
 * landing in that moment fails with NOT_LEADER_OR_FOLLOWER. An idempotent producer with several
 * requests in flight then has its first batch refused while the next one, arriving a few
 * milliseconds later, is written; the broker (up to Kafka 4.1 at least, KAFKA-15591) expects the
 * sequence after the second batch, so every retry of the first fails with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until {@code delivery.timeout.ms} drops it. That lost a LiDAR scan
 * of a {@code publish} run in CI two minutes after its topics were created.
 *
 * <p>The barrier asks each partition's leader for its latest offset: ListOffsets is served from the
 * same replica manager as Produce, so a partition that answers it also takes writes. Describing a
 * topic is not enough; it reads the metadata that runs ahead.
 */
public final class PartitionReadiness {

  private static final long RETRY_PAUSE_MS = 50;

  private PartitionReadiness() {}

  /**
   * Returns once every partition of {@code topics} answers at its leader; throws {@link
   * IllegalStateException} naming the topics when that takes longer than {@code timeout}.
   */
  public static void awaitWritable(Admin admin, Collection<String> topics, Duration timeout) {
    if (topics.isEmpty()) {
      return;
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    Throwable last = null;
    while (true) {
      long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
      try {
        Map<String, TopicDescription> described =
            admin.describeTopics(topics).allTopicNames().get(leftMs, TimeUnit.MILLISECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        described.forEach(
            (name, d) ->
                d.partitions()
                    .forEach(
                        p ->
                            latest.put(
                                new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        admin
            .listOffsets(
                latest,
                new ListOffsetsOptions().timeoutMs((int) Math.min(leftMs, Integer.MAX_VALUE)))
            .all()
            .get(leftMs, TimeUnit.MILLISECONDS);
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof RetriableException)) {
          throw new IllegalStateException(
              "cannot check that topics " + topics + " take writes: " + e.getCause().getMessage(),
              e.getCause());
        }
        last = e.getCause();
      } catch (TimeoutException e) {
        last = e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topics " + topics, e);
      }
      if (System.nanoTime() >= deadline) {
        throw new IllegalStateException(
            "the partitions of "
                + topics
                + " did not take writes within "
                + timeout.toSeconds()
                + " s (last answer: "
                + last
                + "); is every broker up? kafka-topics.sh --describe shows their leaders",
            last);
      }
      try {
        Thread.sleep(RETRY_PAUSE_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for topics " + topics, e);
      }
    }
  }
}
