package io.depthstream.core.depth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Encodes one depth PNG on several cores at once, the way pigz parallelises gzip: the rows are cut
 * into horizontal stripes, each stripe is filtered (Sub, as {@link DepthPngWriter}) and deflated on
 * its own, and the raw deflate streams are joined into the one zlib stream of a single IDAT chunk.
 * Every stripe but the last ends with a sync flush (a byte-aligned empty stored block, not final),
 * so the joined stream is valid deflate; a stripe never refers back into the one before, which
 * costs a few hundred bytes of compression per stripe. The zlib trailer is the Adler-32 of all
 * filtered bytes, combined from the stripes' own.
 *
 * <p>Why: the depth PNG was the largest cost of a frame on the stream thread (10 ms of 23 at
 * 640×480, issue 12), and one camera is one partition, so one thread; spreading its encode over the
 * machine's cores shortens each frame without touching per-camera order or exactly-once, since the
 * stream thread still waits for the whole PNG. Any PNG reader reads the result; it decodes to
 * exactly the samples {@link DepthPngCodec#encode} writes.
 */
public final class StripedDepthPng {

  /** Fewer rows per stripe than this are not worth a hand-off to another thread. */
  static final int MIN_ROWS_PER_STRIPE = 32;

  private static final int BASE = 65521;
  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int BYTES_PER_PIXEL = 2;

  private final int level;
  private final int stripes;
  private final Executor executor;

  /**
   * @param level deflate level, 0 to 9 ({@link DepthPngCodec#DEFAULT_LEVEL} is the service's)
   * @param stripes how many stripes a map is cut into at most; 1 encodes on the calling thread
   * @param executor runs all stripes but the last, which the calling thread encodes itself (and any
   *     other stripe no executor thread has started by then); {@link #helpers()} is the service's
   */
  public StripedDepthPng(int level, int stripes, Executor executor) {
    if (level < 0 || level > 9) {
      throw new IllegalArgumentException("deflate level must be 0 to 9, got " + level);
    }
    if (stripes < 1) {
      throw new IllegalArgumentException("stripes must be at least 1, got " + stripes);
    }
    this.level = level;
    this.stripes = stripes;
    this.executor = executor;
  }

  /** How many stripes a map of {@code height} rows is cut into. */
  int stripesFor(int height) {
    return Math.max(1, Math.min(stripes, height / MIN_ROWS_PER_STRIPE));
  }

  /** The PNG of {@code depth} in units of {@code scale} metres. */
  public byte[] encode(DepthImage depth, double scale) {
    int height = depth.height();
    int count = stripesFor(height);
    if (count == 1) {
      return DepthPngCodec.encode(depth, scale, level);
    }
    List<StripeTask> others = new ArrayList<>(count - 1);
    for (int s = 0; s < count - 1; s++) {
      StripeTask task = new StripeTask(depth, scale, s * height / count, (s + 1) * height / count);
      others.add(task);
      executor.execute(task);
    }
    Stripe last = deflate(depth, scale, (count - 1) * height / count, height, true);
    List<Stripe> parts = new ArrayList<>(count);
    for (StripeTask other : others) {
      parts.add(other.take());
    }
    parts.add(last);
    return assemble(depth.width(), height, parts);
  }

  /**
   * The helper threads the service's encoders share: one fewer than the machine's cores (the caller
   * encodes a stripe itself), at least one, daemons named {@code depth-png-stripe-N}. Why not the
   * common pool, as before: the stripes went through {@code CompletableFuture.supplyAsync}, which
   * on a machine whose common pool has a parallelism of 1 (2 cores) silently runs each task on a
   * new thread instead, so every map started and ended a thread per stripe, and the benchmark's
   * per-thread CPU table could not see those short-lived threads.
   */
  public static Executor helpers() {
    return Helpers.POOL;
  }

  private static final class Helpers {
    static final ExecutorService POOL =
        Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors() - 1),
            new ThreadFactory() {
              private final AtomicInteger next = new AtomicInteger();

              @Override
              public Thread newThread(Runnable r) {
                Thread t = new Thread(r, "depth-png-stripe-" + next.incrementAndGet());
                t.setDaemon(true);
                return t;
              }
            });
  }

  /**
   * One stripe handed to the executor (never the last: the caller keeps that), which the caller
   * takes back and deflates itself if no helper has started it by the time the caller's own stripe
   * is done: with more encoders than helpers (3 stream threads, 1 helper on 2 cores) a stripe never
   * waits in a queue while its caller idles.
   */
  private final class StripeTask implements Runnable {
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final DepthImage depth;
    private final double scale;
    private final int fromRow;
    private final int toRow;
    private Stripe result;
    private RuntimeException failure;

    StripeTask(DepthImage depth, double scale, int fromRow, int toRow) {
      this.depth = depth;
      this.scale = scale;
      this.fromRow = fromRow;
      this.toRow = toRow;
    }

    @Override
    public void run() {
      if (claimed.compareAndSet(false, true)) {
        try {
          result = deflate(depth, scale, fromRow, toRow, false);
        } catch (RuntimeException e) {
          failure = e;
        } finally {
          done.countDown();
        }
      }
    }

    /** The stripe: deflated here if no helper claimed it, else as the helper left it. */
    Stripe take() {
      if (claimed.compareAndSet(false, true)) {
        return deflate(depth, scale, fromRow, toRow, false);
      }
      boolean interrupted = false;
      while (true) {
        try {
          done.await();
          break;
        } catch (InterruptedException e) {
          // The stripe is being deflated and is needed either way; keep the interrupt for later.
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      if (failure != null) {
        throw failure;
      }
      return result;
    }
  }

  /** One stripe's raw deflate bytes and the Adler-32 and length of the bytes it compressed. */
  private record Stripe(byte[] deflated, int length, long adler, long inputBytes) {}

  private Stripe deflate(DepthImage depth, double scale, int fromRow, int toRow, boolean last) {
    int width = depth.width();
    int n = width * BYTES_PER_PIXEL;
    byte[] filtered = new byte[n + 1];
    float[] metres = depth.metres();
    Adler32 adler = new Adler32();
    Deflater deflater = new Deflater(level, true);
    byte[] out = new byte[(n + 1) * (toRow - fromRow) / 3 + 1024];
    int pos = 0;
    try {
      for (int y = fromRow; y < toRow; y++) {
        // Sub reads only the row itself, so a stripe needs nothing of the rows above it. Rounded
        // and filtered in one pass: as a units loop and then PngRowFilter, with its filter-choice
        // sum, this was most of the encoder's time on the JVM's side (BENCHMARKS.md, 23rd run).
        DepthPngCodec.subFilteredRow(metres, y * width, width, scale, filtered);
        adler.update(filtered, 0, n + 1);
        deflater.setInput(filtered, 0, n + 1);
        while (!deflater.needsInput()) {
          if (out.length - pos < 4096) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          pos += deflater.deflate(out, pos, out.length - pos, Deflater.NO_FLUSH);
        }
      }
      if (last) {
        deflater.finish();
        while (!deflater.finished()) {
          if (out.length - pos < 4096) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          pos += deflater.deflate(out, pos, out.length - pos);
        }
      } else {
        // A sync flush is complete once it leaves part of the room it was given unused.
        int room;
        int written;
        do {
          if (out.length - pos < 4096) {
            out = Arrays.copyOf(out, out.length * 2);
          }
          room = out.length - pos;
          written = deflater.deflate(out, pos, room, Deflater.SYNC_FLUSH);
          pos += written;
        } while (written == room);
      }
      return new Stripe(out, pos, adler.getValue(), (long) (n + 1) * (toRow - fromRow));
    } finally {
      deflater.end();
    }
  }

  private byte[] assemble(int width, int height, List<Stripe> parts) {
    int deflated = parts.stream().mapToInt(Stripe::length).sum();
    int idatLength = 2 + deflated + 4;
    byte[] png = new byte[SIGNATURE.length + 25 + 12 + idatLength + 12];
    Cursor c = new Cursor(png);
    c.put(SIGNATURE);
    int ihdr = c.pos;
    c.putInt(13);
    c.putType("IHDR");
    c.putInt(width);
    c.putInt(height);
    c.put(
        new byte[] {16, 0, 0, 0, 0}); // 16-bit, grayscale, deflate, adaptive filters, no interlace
    c.putCrc(ihdr + 4);
    c.putInt(idatLength);
    int idat = c.pos;
    c.putType("IDAT");
    // zlib header: deflate with a 32 KB window, no dictionary, the check bits making it % 31 == 0.
    c.put(new byte[] {0x78, level <= 1 ? (byte) 0x01 : level <= 5 ? (byte) 0x5E : (byte) 0x9C});
    long adler = 1;
    for (Stripe part : parts) {
      System.arraycopy(part.deflated(), 0, png, c.pos, part.length());
      c.pos += part.length();
      adler = combineAdler32(adler, part.adler(), part.inputBytes());
    }
    c.putInt((int) adler);
    c.putCrc(idat);
    int iend = c.pos;
    c.putInt(0);
    c.putType("IEND");
    c.putCrc(iend + 4);
    return png;
  }

  /**
   * The Adler-32 of two byte runs back to back, from each run's own and the second's length (zlib's
   * adler32_combine): the first sum carries over unchanged, the second grows by the first sum once
   * per byte of the second run.
   */
  static long combineAdler32(long first, long second, long secondLength) {
    long rem = secondLength % BASE;
    long sum1 = first & 0xFFFF;
    long sum2 = (rem * sum1) % BASE;
    sum1 += (second & 0xFFFF) + BASE - 1;
    sum2 += ((first >>> 16) & 0xFFFF) + ((second >>> 16) & 0xFFFF) + BASE - rem;
    if (sum1 >= BASE) {
      sum1 -= BASE;
    }
    if (sum1 >= BASE) {
      sum1 -= BASE;
    }
    if (sum2 >= ((long) BASE << 1)) {
      sum2 -= ((long) BASE << 1);
    }
    if (sum2 >= BASE) {
      sum2 -= BASE;
    }
    return sum1 | (sum2 << 16);
  }

  /** Writes big-endian fields into a PNG being assembled. */
  private static final class Cursor {
    private final byte[] out;
    private final CRC32 crc = new CRC32();
    int pos;

    Cursor(byte[] out) {
      this.out = out;
    }

    void put(byte[] bytes) {
      System.arraycopy(bytes, 0, out, pos, bytes.length);
      pos += bytes.length;
    }

    void putType(String type) {
      for (int i = 0; i < 4; i++) {
        out[pos++] = (byte) type.charAt(i);
      }
    }

    void putInt(int v) {
      out[pos++] = (byte) (v >>> 24);
      out[pos++] = (byte) (v >>> 16);
      out[pos++] = (byte) (v >>> 8);
      out[pos++] = (byte) v;
    }

    /** The CRC of the chunk's type and data, which start at {@code from} and end here. */
    void putCrc(int from) {
      crc.reset();
      crc.update(out, from, pos - from);
      putInt((int) crc.getValue());
    }
  }
}
