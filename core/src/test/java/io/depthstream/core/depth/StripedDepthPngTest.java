package io.depthstream.core.depth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.Adler32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StripedDepthPngTest {

  private static final ExecutorService POOL = Executors.newFixedThreadPool(3);
  private static final double UNIT = 1.0; // DepthPngFixtures.depthOfUnits holds samples at scale 1

  @AfterAll
  static void stop() {
    POOL.shutdownNow();
  }

  @ParameterizedTest(name = "{0}x{1} in up to {2} stripes at level {3}")
  @CsvSource({
    "640, 480, 2, 1",
    "640, 480, 4, 1",
    "641, 97, 3, 6",
    "64, 48, 2, 1",
    "100, 64, 2, 0",
    "33, 200, 5, 9"
  })
  void decodesToTheSamplesOfTheSingleThreadedPng(int width, int height, int stripes, int level) {
    int[] units = DepthPngFixtures.smoothUnits(width, height, 7);
    units[width * height / 2] = 0; // a hole
    DepthImage depth = DepthPngFixtures.depthOfUnits(width, height, units);
    byte[] striped = new StripedDepthPng(level, stripes, POOL).encode(depth, UNIT);

    // ImageIO checks the zlib stream (its Adler-32 included) and every chunk's CRC.
    assertThat(DepthPngFixtures.imageIoSamples(striped)).isEqualTo(units);
    assertThat(DepthPngCodec.decode(striped, UNIT).metres())
        .isEqualTo(DepthPngCodec.decode(DepthPngCodec.encode(depth, UNIT, level), UNIT).metres());
  }

  @ParameterizedTest(name = "scale {0}")
  @CsvSource({"0.00390625", "0.001", "1.0", "0.5", "0.003", "2.0E-5"})
  void everySampleIsToUnitsOfItsDepthHoweverHostile(double scale) {
    int width = 160;
    int height = 96;
    Random random = new Random(11);
    float[] metres = new float[width * height];
    float[] hostile = {
      Float.NaN,
      0f,
      -0f,
      -3f,
      Float.POSITIVE_INFINITY,
      Float.NEGATIVE_INFINITY,
      Float.MIN_VALUE,
      Float.MAX_VALUE,
      1e9f
    };
    for (int i = 0; i < metres.length; i++) {
      metres[i] =
          i % 17 == 0
              ? hostile[random.nextInt(hostile.length)]
              : (float) (random.nextDouble() * 300 * scale * 256);
    }
    // Halfway cases, where rounding decides: (k + 0.5) units.
    for (int i = 1; i < metres.length; i += 29) {
      metres[i] = (float) ((random.nextInt(60000) + 0.5) * scale);
    }
    // Depths where m · (1 / 0.003) and m / 0.003 round to different units: only a division is
    // right for a scale that is not a power of two.
    float[] reciprocalTraps = {24.5625f, 48.5625f, 96.5625f, 97.3125f, 98.0625f, 192.5625f};
    for (int k = 0; k < reciprocalTraps.length; k++) {
      metres[3 + 31 * k] = reciprocalTraps[k];
    }
    int[] expected = new int[metres.length];
    for (int i = 0; i < metres.length; i++) {
      expected[i] = DepthPngCodec.toUnits(metres[i], scale);
    }
    byte[] striped =
        new StripedDepthPng(1, 3, POOL).encode(new DepthImage(width, height, metres), scale);
    assertThat(DepthPngFixtures.imageIoSamples(striped)).isEqualTo(expected);
  }

  @Test
  void onlyPowersOfTwoAreMultipliedByTheirReciprocal() {
    assertThat(DepthPngCodec.isPowerOfTwo(1.0 / 256)).isTrue();
    assertThat(DepthPngCodec.isPowerOfTwo(1.0)).isTrue();
    assertThat(DepthPngCodec.isPowerOfTwo(0.001)).isFalse();
    assertThat(DepthPngCodec.isPowerOfTwo(0.003)).isFalse();
    assertThat(DepthPngCodec.isPowerOfTwo(Double.MIN_VALUE)).isFalse(); // subnormal
    assertThat(DepthPngCodec.isPowerOfTwo(Double.POSITIVE_INFINITY)).isFalse();
    assertThat(DepthPngCodec.isPowerOfTwo(-0.5)).isFalse();
  }

  @Test
  void noisyMapsSpanManyDeflateBlocksPerStripe() {
    int[] units = DepthPngFixtures.randomUnits(640, 480, 3);
    DepthImage depth = DepthPngFixtures.depthOfUnits(640, 480, units);
    byte[] striped = new StripedDepthPng(1, 2, POOL).encode(depth, UNIT);
    assertThat(DepthPngFixtures.imageIoSamples(striped)).isEqualTo(units);
  }

  @Test
  void stripesNoHelperStartedAreTakenBackByTheCaller() {
    int[] units = DepthPngFixtures.smoothUnits(640, 480, 5);
    DepthImage depth = DepthPngFixtures.depthOfUnits(640, 480, units);
    // An executor that never runs what it is given: every stripe is the caller's.
    byte[] striped = new StripedDepthPng(1, 4, task -> {}).encode(depth, UNIT);
    assertThat(DepthPngFixtures.imageIoSamples(striped)).isEqualTo(units);
  }

  @Test
  void aStripeAHelperFinishedFirstIsTheOneUsed() throws Exception {
    int[] units = DepthPngFixtures.smoothUnits(640, 480, 9);
    DepthImage depth = DepthPngFixtures.depthOfUnits(640, 480, units);
    java.util.List<String> ranOn = new java.util.concurrent.CopyOnWriteArrayList<>();
    // Each hand-off is deflated to the end on another thread before the caller goes on.
    java.util.concurrent.Executor eager =
        task -> {
          Thread helper =
              new Thread(
                  () -> {
                    ranOn.add(Thread.currentThread().getName());
                    task.run();
                  },
                  "eager-helper");
          helper.start();
          try {
            helper.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        };
    byte[] striped = new StripedDepthPng(1, 3, eager).encode(depth, UNIT);
    assertThat(ranOn).containsExactly("eager-helper", "eager-helper");
    assertThat(DepthPngFixtures.imageIoSamples(striped)).isEqualTo(units);
  }

  @Test
  void theSharedHelpersAreNamedDaemonThreads() throws Exception {
    java.util.concurrent.CompletableFuture<Thread> seen =
        new java.util.concurrent.CompletableFuture<>();
    StripedDepthPng.helpers().execute(() -> seen.complete(Thread.currentThread()));
    Thread helper = seen.get(10, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(helper.getName()).startsWith("depth-png-stripe-");
    assertThat(helper.isDaemon()).isTrue();
  }

  @Test
  void shortMapsStayOneStripe() {
    StripedDepthPng png = new StripedDepthPng(1, 4, POOL);
    assertThat(png.stripesFor(48)).isEqualTo(1);
    assertThat(png.stripesFor(96)).isEqualTo(3);
    assertThat(png.stripesFor(480)).isEqualTo(4);
  }

  @Test
  void combinedAdler32IsTheAdler32OfBothRunsBackToBack() {
    Random random = new Random(11);
    for (int length : new int[] {0, 1, 5552, 65521, 70000, 200_001}) {
      byte[] a = new byte[random.nextInt(70_000)];
      byte[] b = new byte[length];
      random.nextBytes(a);
      random.nextBytes(b);
      Adler32 whole = new Adler32();
      whole.update(a);
      whole.update(b);
      assertThat(StripedDepthPng.combineAdler32(adler(a), adler(b), b.length))
          .as("second run of %d bytes", length)
          .isEqualTo(whole.getValue());
    }
    byte[] text = "Wikipedia".getBytes(StandardCharsets.US_ASCII);
    assertThat(adler(text)).isEqualTo(0x11E60398L); // the example of the Adler-32 article
  }

  private static long adler(byte[] bytes) {
    Adler32 adler = new Adler32();
    adler.update(bytes);
    return adler.getValue();
  }
}
