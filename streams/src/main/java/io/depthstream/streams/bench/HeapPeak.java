package io.depthstream.streams.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The most heap this JVM held, overall and since the last {@link #mark()}: the heap's used bytes
 * sampled every few milliseconds, and the heap pools' usage just before each collection (from the
 * collectors' notifications), which is where the true peaks lie and a sampler would miss them.
 *
 * <p>Also the most heap still in use right after a collection ({@link #afterCollectionSinceMark}):
 * what the peak holds is mostly garbage the collector had no reason to clear yet on a large heap,
 * while the heap after a collection is what was kept (an upper bound of the live data: a young
 * collection leaves the old generation's garbage in place), the figure to size a heap by.
 */
final class HeapPeak implements AutoCloseable {

  private static final long SAMPLE_MILLIS = 10;

  private final AtomicLong overall = new AtomicLong();
  private final AtomicLong sinceMark = new AtomicLong();
  private final AtomicLong afterOverall = new AtomicLong();
  private final AtomicLong afterSinceMark = new AtomicLong();
  private final Set<String> heapPools;
  private final List<NotificationEmitter> emitters = new ArrayList<>();
  private final NotificationListener listener = this::onCollection;
  private final Thread sampler;
  private volatile boolean running = true;

  private HeapPeak() {
    heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toUnmodifiableSet());
    sampler = new Thread(this::sample, "heap-peak");
    sampler.setDaemon(true);
  }

  /** Starts watching the heap. */
  static HeapPeak start() {
    HeapPeak peak = new HeapPeak();
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(peak.listener, null, null);
        peak.emitters.add(emitter);
      }
    }
    peak.sampler.start();
    return peak;
  }

  /** Starts a new phase: {@link #sinceMark()} counts from now. */
  void mark() {
    sinceMark.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    afterSinceMark.set(0);
  }

  /** Most heap in use right after a collection since the last {@link #mark()}; 0 if none ran. */
  long afterCollectionSinceMark() {
    return afterSinceMark.get();
  }

  /** Most heap in use right after a collection since {@link #start()}; 0 if none ran. */
  long afterCollectionOverall() {
    return afterOverall.get();
  }

  /** Most heap used since the last {@link #mark()}, in bytes. */
  long sinceMark() {
    return sinceMark.get();
  }

  /** Most heap used since {@link #start()}, in bytes. */
  long overall() {
    return overall.get();
  }

  private void record(long used) {
    overall.accumulateAndGet(used, Math::max);
    sinceMark.accumulateAndGet(used, Math::max);
  }

  private void sample() {
    while (running) {
      record(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
      try {
        Thread.sleep(SAMPLE_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void onCollection(Notification notification, Object handback) {
    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
        notification.getType())) {
      return;
    }
    GcInfo info =
        GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData())
            .getGcInfo();
    record(heapUsed(info.getMemoryUsageBeforeGc()));
    long after = heapUsed(info.getMemoryUsageAfterGc());
    afterOverall.accumulateAndGet(after, Math::max);
    afterSinceMark.accumulateAndGet(after, Math::max);
  }

  private long heapUsed(Map<String, MemoryUsage> pools) {
    return pools.entrySet().stream()
        .filter(e -> heapPools.contains(e.getKey()))
        .mapToLong(e -> e.getValue().getUsed())
        .sum();
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    for (NotificationEmitter emitter : emitters) {
      try {
        emitter.removeNotificationListener(listener);
      } catch (ListenerNotFoundException e) {
        // already gone: nothing to undo
      }
    }
  }
}
