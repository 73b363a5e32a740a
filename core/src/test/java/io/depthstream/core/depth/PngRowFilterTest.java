package io.depthstream.core.depth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PngRowFilterTest {

  // Two 2-byte pixels; index 0 is the filter type's slot.
  private static final byte[] RAW = {0, 10, 20, 30, 40};
  private static final byte[] PRIOR = {0, 5, 25, 35, 10};

  @Test
  void filtersAHandComputedRow() {
    // Sub: 30-10, 40-20. Up: 10-5, 20-25, 30-35, 40-10. Average: 10-(0+5)/2, 20-(0+25)/2,
    // 30-(10+35)/2, 40-(20+10)/2. Paeth: up for the first pixel; then a+b-c = 40 is nearest
    // b = 35, and 5 is nearest b = 10.
    assertThat(filtered(PngRowFilter.NONE)).containsExactly(0, 10, 20, 30, 40);
    assertThat(filtered(PngRowFilter.SUB)).containsExactly(1, 10, 20, 20, 20);
    assertThat(filtered(PngRowFilter.UP)).containsExactly(2, 5, -5, -5, 30);
    assertThat(filtered(PngRowFilter.AVERAGE)).containsExactly(3, 8, 8, 8, 25);
    assertThat(filtered(PngRowFilter.PAETH)).containsExactly(4, 5, -5, -5, 30);
  }

  @Test
  void scoresARowByItsSumOfAbsoluteSignedBytes() {
    byte[] out = new byte[5];
    assertThat(PngRowFilter.NONE.apply(RAW, PRIOR, out, 4, 2, Integer.MAX_VALUE)).isEqualTo(100);
    assertThat(PngRowFilter.SUB.apply(RAW, PRIOR, out, 4, 2, Integer.MAX_VALUE)).isEqualTo(70);
    assertThat(PngRowFilter.UP.apply(RAW, PRIOR, out, 4, 2, Integer.MAX_VALUE)).isEqualTo(45);
    assertThat(PngRowFilter.AVERAGE.apply(RAW, PRIOR, out, 4, 2, Integer.MAX_VALUE)).isEqualTo(49);
    assertThat(PngRowFilter.PAETH.apply(RAW, PRIOR, out, 4, 2, Integer.MAX_VALUE)).isEqualTo(45);
  }

  @Test
  void everyFilterIsUndoneExactlyOnRandomRowsOfAnyLength() {
    Random random = new Random(7);
    for (int n : new int[] {1, 2, 3, 4, 5, 255, 256, 257, 1282}) {
      for (int bpp : new int[] {1, 2}) {
        byte[] raw = randomRow(random, n);
        byte[] prior = randomRow(random, n);
        for (PngRowFilter filter : PngRowFilter.values()) {
          byte[] row = new byte[n + 1];
          filter.apply(raw, prior, row, n, bpp, Integer.MAX_VALUE);
          assertThat(PngRowFilter.ofType(row[0])).isEqualTo(filter);
          filter.undo(row, prior, n, bpp);
          assertThat(Arrays.copyOfRange(row, 1, n + 1))
              .as("%s, %d bytes, %d per pixel", filter, n, bpp)
              .isEqualTo(Arrays.copyOfRange(raw, 1, n + 1));
        }
      }
    }
  }

  @Test
  void givesUpOnceTheSumPassesTheBestSoFar() {
    byte[] raw = new byte[1 + 4096];
    Arrays.fill(raw, (byte) 100);
    int sum = PngRowFilter.NONE.apply(raw, new byte[raw.length], new byte[raw.length], 4096, 2, 10);
    assertThat(sum).isGreaterThan(10).isLessThan(4096 * 100);
  }

  @Test
  void knowsOnlyTheFiveTypesOfThePngSpec() {
    assertThat(PngRowFilter.ofType(0)).isEqualTo(PngRowFilter.NONE);
    assertThat(PngRowFilter.ofType(4)).isEqualTo(PngRowFilter.PAETH);
    assertThat(PngRowFilter.ofType(5)).isNull();
    assertThat(PngRowFilter.ofType(255)).isNull();
  }

  private static byte[] filtered(PngRowFilter filter) {
    byte[] out = new byte[5];
    filter.apply(RAW, PRIOR, out, 4, 2, Integer.MAX_VALUE);
    return out;
  }

  private static byte[] randomRow(Random random, int n) {
    byte[] row = new byte[n + 1];
    random.nextBytes(row);
    row[0] = 0;
    return row;
  }
}
