package io.depthstream.core.depth;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;

/**
 * Shows which threads deflate a depth PNG's stripes: encodes a 640×480 map {@code count} times in
 * two stripes, handing the second to {@code helpers} ({@link StripedDepthPng#helpers()}) or {@code
 * common-pool} ({@link ForkJoinPool#commonPool()}, what the service used before), then prints each
 * thread's CPU time. A plain main, not a test: it describes this machine, and it is how issue 12
 * found that on 2 cores the common pool never took a stripe.
 *
 * <pre>
 * java -cp core/target/classes:core/target/test-classes \
 *     io.depthstream.core.depth.StripeThreads common-pool 200
 * </pre>
 */
public final class StripeThreads {

  private StripeThreads() {}

  public static void main(String[] args) {
    String pool = args.length > 0 ? args[0] : "helpers";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Executor executor =
        switch (pool) {
          case "helpers" -> StripedDepthPng.helpers();
          case "common-pool" -> ForkJoinPool.commonPool();
          default ->
              throw new IllegalArgumentException(
                  "pool must be helpers or common-pool, got " + pool);
        };
    int width = 640;
    int height = 480;
    DepthImage depth =
        DepthPngFixtures.depthOfUnits(
            width, height, DepthPngFixtures.smoothUnits(width, height, 7));
    StripedDepthPng png = new StripedDepthPng(DepthPngCodec.DEFAULT_LEVEL, 2, executor);
    for (int i = 0; i < count; i++) {
      png.encode(depth, 1.0);
    }
    System.out.printf(
        Locale.ROOT,
        "%d encodes of %dx%d in 2 stripes on %s (%d cores, common pool parallelism %d):%n",
        count,
        width,
        height,
        pool,
        Runtime.getRuntime().availableProcessors(),
        ForkJoinPool.getCommonPoolParallelism());
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      long cpu = info == null ? -1 : threads.getThreadCpuTime(info.getThreadId());
      if (cpu > 1_000_000) {
        System.out.printf(Locale.ROOT, "  %-40s %7.0f ms CPU%n", info.getThreadName(), cpu / 1e6);
      }
    }
  }
}
