package io.depthstream.streams.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where the machine's cores went over one measured interval of the benchmark: the JVM's CPU time
 * (every thread, native ones included) split by who spent it, and what was left idle. A path that
 * runs slower than its CPU work allows shows idle cores (it waits: on commits, on the broker); one
 * that shares the cores with the in-process broker and the benchmark's clients shows their share.
 *
 * <p>Java threads are measured one by one ({@link ThreadMXBean#getThreadCpuTime}) and grouped by
 * name ({@link #groupOf}); what the process spent beyond them is ONNX Runtime's intra-op threads,
 * the collector and the JIT, which are not Java threads. A Java thread that ended within the
 * interval is not seen, so its time lands there too. The process total is the operating system's
 * ({@code com.sun.management.OperatingSystemMXBean#getProcessCpuTime}); where that is unavailable
 * the measurement says so instead of guessing.
 *
 * @param wallSeconds the interval's length
 * @param cores the processors the JVM may use
 * @param processSeconds CPU seconds of the whole JVM process, or -1 when unknown
 * @param javaSeconds CPU seconds of Java threads by group, in {@link #GROUPS} order
 */
record CpuUse(
    double wallSeconds, int cores, double processSeconds, Map<String, Double> javaSeconds) {

  /** The service's stream threads: decode, model call, upsample, PNG, stores, commits. */
  static final String STREAM_THREADS = "stream threads";

  /** The depth PNG's helper threads: the stripes beyond the stream thread's own. */
  static final String PNG_STRIPES = "PNG stripe helpers";

  /** The service's other threads: its Kafka clients' I/O, the state updater, the batcher. */
  static final String SERVICE_CLIENTS = "service's other threads";

  /**
   * The benchmark itself: its main thread (all of path (b)'s work but the PNG stripes and ONNX
   * Runtime), its publisher and read_committed reader with their I/O threads.
   */
  static final String BENCH_CLIENTS = "benchmark's own threads";

  /** The in-process KRaft broker and every other Java thread. */
  static final String BROKER_AND_OTHER = "in-process broker, other JVM threads";

  /** What no Java thread accounts for. */
  static final String NATIVE = "ONNX Runtime, GC, JIT (not Java threads)";

  /** Column heads for {@link #GROUPS} then {@link #NATIVE}, in that order. */
  static final String[] SHORT_NAMES = {
    "stream", "PNG help", "svc other", "bench", "broker+", "native"
  };

  static final String[] GROUPS = {
    STREAM_THREADS, PNG_STRIPES, SERVICE_CLIENTS, BENCH_CLIENTS, BROKER_AND_OTHER
  };

  private static final Pattern STREAM_THREAD = Pattern.compile(".*-StreamThread-\\d+$");

  /**
   * The group a Java thread's CPU time counts in, by the thread's name. Kafka Streams names its
   * threads {@code <application id>-<uuid>-StreamThread-N} (and {@code -StateUpdater-N}) and its
   * clients' I/O threads after their client ids, which hold those names or the application id
   * ("depthstream" unless configured otherwise); the benchmark runs on "main", and its threads and
   * clients carry "committed-arrivals", "heap-peak", "bench" or "publish" in their names. What is
   * left is the in-process broker's threads and the JVM's own.
   */
  static String groupOf(String threadName) {
    if (STREAM_THREAD.matcher(threadName).matches()) {
      return STREAM_THREADS;
    }
    if (threadName.startsWith("depth-png-stripe-")) {
      return PNG_STRIPES;
    }
    if (threadName.equals("main")
        || threadName.contains("bench")
        || threadName.contains("publish")
        || threadName.startsWith("committed-arrivals")
        || threadName.startsWith("heap-peak")) {
      return BENCH_CLIENTS;
    }
    if (threadName.contains("StreamThread")
        || threadName.contains("StateUpdater")
        || threadName.contains("depthstream")
        || threadName.startsWith("depth-batcher")) {
      return SERVICE_CLIENTS;
    }
    return BROKER_AND_OTHER;
  }

  /** The whole JVM's cores in use on average, or NaN when the process time is unknown. */
  double coresUsed() {
    return processSeconds < 0 ? Double.NaN : processSeconds / wallSeconds;
  }

  /** Cores left idle on average (never negative: other processes' time is not the JVM's). */
  double idleCores() {
    return processSeconds < 0 ? Double.NaN : Math.max(0, cores - coresUsed());
  }

  /** Cores of {@code group} (one of {@link #GROUPS} or {@link #NATIVE}) in use on average. */
  double cores(String group) {
    if (NATIVE.equals(group)) {
      if (processSeconds < 0) {
        return Double.NaN;
      }
      double java = javaSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
      return Math.max(0, processSeconds - java) / wallSeconds;
    }
    return javaSeconds.getOrDefault(group, 0.0) / wallSeconds;
  }

  /** CPU milliseconds of the whole process per frame, or NaN when the process time is unknown. */
  double cpuMsPerFrame(int frames) {
    return processSeconds < 0 ? Double.NaN : processSeconds * 1000 / frames;
  }

  /**
   * As JSON: the interval's {@code seconds}, {@code cores_used}, {@code idle_cores} and cores by
   * group. The seconds say how far to trust the ratios: the operating system counts a process's CPU
   * time in clock ticks (10 ms on Linux), so over a 50 ms interval {@code cores_used} can be off by
   * 0.4 cores, over a minute by nothing that shows.
   */
  Map<String, Object> json() {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("seconds", Math.round(wallSeconds * 1000.0) / 1000.0); // to the millisecond
    o.put("cores_used", PipelineReport.roundOrNull(coresUsed()));
    o.put("idle_cores", PipelineReport.roundOrNull(idleCores()));
    Map<String, Object> by = new LinkedHashMap<>();
    for (String group : GROUPS) {
      by.put(group, PipelineReport.roundOrNull(cores(group)));
    }
    by.put(NATIVE, PipelineReport.roundOrNull(cores(NATIVE)));
    o.put("cores_by_group", by);
    return o;
  }

  /** Starts measuring now. */
  static Meter start() {
    return new Meter();
  }

  /** An interval being measured; {@link #stop()} ends it. */
  static final class Meter {
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long startNanos;
    private final long startProcess;
    private final Map<Long, Long> startByThread;

    private Meter() {
      if (threads.isThreadCpuTimeSupported() && !threads.isThreadCpuTimeEnabled()) {
        threads.setThreadCpuTimeEnabled(true);
      }
      // The process's interval encloses the threads': read before them here and after them in
      // stop(), so a thread still running while they are read cannot count more than the process.
      startProcess = processCpuNanos();
      startByThread = threadTimes();
      startNanos = System.nanoTime();
    }

    CpuUse stop() {
      long wall = System.nanoTime() - startNanos;
      Map<String, Double> byGroup = new LinkedHashMap<>();
      for (String group : GROUPS) {
        byGroup.put(group, 0.0);
      }
      for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long now = threads.getThreadCpuTime(info.getThreadId());
        if (now < 0) {
          continue;
        }
        long spent = now - startByThread.getOrDefault(info.getThreadId(), 0L);
        byGroup.merge(groupOf(info.getThreadName()), spent / 1e9, Double::sum);
      }
      long process = processCpuNanos();
      return new CpuUse(
          wall / 1e9,
          Runtime.getRuntime().availableProcessors(),
          process < 0 || startProcess < 0 ? -1 : (process - startProcess) / 1e9,
          byGroup);
    }

    private Map<Long, Long> threadTimes() {
      Map<Long, Long> times = new HashMap<>();
      for (long id : threads.getAllThreadIds()) {
        long t = threads.getThreadCpuTime(id);
        if (t >= 0) {
          times.put(id, t);
        }
      }
      return times;
    }

    private static long processCpuNanos() {
      if (ManagementFactory.getOperatingSystemMXBean()
          instanceof com.sun.management.OperatingSystemMXBean os) {
        return os.getProcessCpuTime();
      }
      return -1;
    }
  }
}
