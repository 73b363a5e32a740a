package io.depthstream.core.depth;

/**
 * The five PNG row filters (PNG spec, section 9), in the order of their type byte. Rows are byte
 * arrays whose data starts at index 1: index 0 holds the filter type of a filtered row and is
 * unused in a raw one, so a filtered row goes to the compressor, and comes from the decompressor,
 * whole. Filters work on bytes, {@code bpp} bytes per pixel (2 for 16-bit grayscale), without
 * carries.
 */
enum PngRowFilter {
  NONE,
  SUB,
  UP,
  AVERAGE,
  PAETH;

  private static final PngRowFilter[] BY_TYPE = values();

  /** The filter with PNG type byte {@code type}, or null for a type the spec does not define. */
  static PngRowFilter ofType(int type) {
    return type >= 0 && type < BY_TYPE.length ? BY_TYPE[type] : null;
  }

  /**
   * Writes {@code raw[1..n]} filtered against the row above ({@code prior}, all zeros for the first
   * row) into {@code out[1..n]}, its type into {@code out[0]}, and returns the sum of the filtered
   * bytes read as signed values: the "minimum sum of absolute differences" the spec suggests for
   * choosing a filter. Stops early, returning a sum above {@code giveUpAbove}, once the sum passes
   * it; {@code out} then holds a partial row.
   */
  int apply(byte[] raw, byte[] prior, byte[] out, int n, int bpp, int giveUpAbove) {
    out[0] = (byte) ordinal();
    int sum = 0;
    int left = Math.min(n, bpp);
    // The first pixel has no left neighbour: Sub and Paeth see 0 there, Average half of Up.
    for (int i = 1; i <= left; i++) {
      int f = (byte) (raw[i] - firstPixelPredictor(prior[i]));
      out[i] = (byte) f;
      sum += Math.abs(f);
    }
    int chunk = 256;
    for (int start = left + 1; start <= n; start += chunk) {
      int end = Math.min(n, start + chunk - 1);
      sum += applyRange(raw, prior, out, start, end, bpp);
      if (sum > giveUpAbove) {
        return sum;
      }
    }
    return sum;
  }

  private int firstPixelPredictor(byte up) {
    return switch (this) {
      case NONE, SUB -> 0;
      case UP, PAETH -> up;
      case AVERAGE -> (up & 0xFF) >>> 1;
    };
  }

  private int applyRange(byte[] raw, byte[] prior, byte[] out, int start, int end, int bpp) {
    int sum = 0;
    switch (this) {
      case NONE -> {
        for (int i = start; i <= end; i++) {
          out[i] = raw[i];
          sum += Math.abs(raw[i]);
        }
      }
      case SUB -> {
        for (int i = start; i <= end; i++) {
          byte f = (byte) (raw[i] - raw[i - bpp]);
          out[i] = f;
          sum += Math.abs(f);
        }
      }
      case UP -> {
        for (int i = start; i <= end; i++) {
          byte f = (byte) (raw[i] - prior[i]);
          out[i] = f;
          sum += Math.abs(f);
        }
      }
      case AVERAGE -> {
        for (int i = start; i <= end; i++) {
          byte f = (byte) (raw[i] - (((raw[i - bpp] & 0xFF) + (prior[i] & 0xFF)) >>> 1));
          out[i] = f;
          sum += Math.abs(f);
        }
      }
      case PAETH -> {
        for (int i = start; i <= end; i++) {
          byte f = (byte) (raw[i] - paeth(raw[i - bpp], prior[i], prior[i - bpp]));
          out[i] = f;
          sum += Math.abs(f);
        }
      }
    }
    return sum;
  }

  /**
   * Turns filtered bytes {@code row[1..n]} back into raw bytes, in place, against the already raw
   * row above ({@code prior}, all zeros for the first row).
   */
  void undo(byte[] row, byte[] prior, int n, int bpp) {
    int left = Math.min(n, bpp);
    for (int i = 1; i <= left; i++) {
      row[i] = (byte) (row[i] + firstPixelPredictor(prior[i]));
    }
    switch (this) {
      case NONE -> {}
      case SUB -> {
        for (int i = left + 1; i <= n; i++) {
          row[i] = (byte) (row[i] + row[i - bpp]);
        }
      }
      case UP -> {
        for (int i = left + 1; i <= n; i++) {
          row[i] = (byte) (row[i] + prior[i]);
        }
      }
      case AVERAGE -> {
        for (int i = left + 1; i <= n; i++) {
          row[i] = (byte) (row[i] + (((row[i - bpp] & 0xFF) + (prior[i] & 0xFF)) >>> 1));
        }
      }
      case PAETH -> {
        for (int i = left + 1; i <= n; i++) {
          row[i] = (byte) (row[i] + paeth(row[i - bpp], prior[i], prior[i - bpp]));
        }
      }
    }
  }

  /**
   * The Paeth predictor of the spec: whichever of left, up, up-left is nearest left + up - upLeft.
   */
  private static int paeth(byte left, byte up, byte upLeft) {
    int a = left & 0xFF;
    int b = up & 0xFF;
    int c = upLeft & 0xFF;
    int pa = Math.abs(b - c);
    int pb = Math.abs(a - c);
    int pc = Math.abs(a + b - 2 * c);
    if (pa <= pb && pa <= pc) {
      return a;
    }
    return pb <= pc ? b : c;
  }
}
