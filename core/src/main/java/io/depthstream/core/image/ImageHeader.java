package io.depthstream.core.image;

/**
 * What an encoded picture says about itself before any pixel is decoded: format, declared size,
 * bits per sample and colour layout. Read straight from the header bytes (PNG's IHDR chunk, JPEG's
 * SOFn frame header) in time proportional to the header, never to the image, so that limits are
 * enforced before a decoder allocates the pixel buffer the header asks for.
 *
 * @param bitDepth bits per sample (PNG bit depth, JPEG sample precision)
 * @param channels samples per pixel, alpha included
 * @param colour a readable name of the layout: "grayscale", "RGB", "palette", "grayscale+alpha",
 *     "RGBA", "YCbCr", "CMYK"
 */
public record ImageHeader(
    ImageFormat format, int width, int height, int bitDepth, int channels, String colour) {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  /** Reads the IHDR chunk of a PNG; throws {@code corrupt} if there is none where PNG puts it. */
  public static ImageHeader readPng(byte[] data) {
    if (data.length < 8 || !startsWith(data, PNG_SIGNATURE)) {
      throw corrupt("PNG", "does not start with the PNG signature");
    }
    // Signature, then IHDR must be the first chunk: length 13, "IHDR", width, height, depth, type.
    if (data.length < 8 + 8 + 13) {
      throw corrupt("PNG", "is truncated inside its IHDR header (" + data.length + " bytes)");
    }
    if (readInt(data, 8) != 13
        || data[12] != 'I'
        || data[13] != 'H'
        || data[14] != 'D'
        || data[15] != 'R') {
      throw corrupt("PNG", "has no IHDR chunk after its signature");
    }
    long width = readInt(data, 16) & 0xFFFFFFFFL;
    long height = readInt(data, 20) & 0xFFFFFFFFL;
    int bitDepth = data[24] & 0xFF;
    int colourType = data[25] & 0xFF;
    String colour;
    int channels;
    switch (colourType) {
      case 0 -> {
        colour = "grayscale";
        channels = 1;
      }
      case 2 -> {
        colour = "RGB";
        channels = 3;
      }
      case 3 -> {
        colour = "palette";
        channels = 1;
      }
      case 4 -> {
        colour = "grayscale+alpha";
        channels = 2;
      }
      case 6 -> {
        colour = "RGBA";
        channels = 4;
      }
      default -> throw corrupt("PNG", "has unknown colour type " + colourType);
    }
    return new ImageHeader(
        ImageFormat.PNG, clampToInt(width), clampToInt(height), bitDepth, channels, colour);
  }

  /**
   * Walks a JPEG's marker segments up to the first SOFn frame header and reads its size; throws
   * {@code corrupt} if the stream ends, or scan data starts, before any frame header.
   */
  public static ImageHeader readJpeg(byte[] data) {
    if (data.length < 4 || (data[0] & 0xFF) != 0xFF || (data[1] & 0xFF) != 0xD8) {
      throw corrupt("JPEG", "does not start with the SOI marker FF D8");
    }
    int pos = 2;
    while (pos < data.length) {
      if ((data[pos] & 0xFF) != 0xFF) {
        throw corrupt("JPEG", "has no marker at byte " + pos + " where a segment should start");
      }
      // Any number of 0xFF fill bytes may precede a marker code.
      while (pos < data.length && (data[pos] & 0xFF) == 0xFF) {
        pos++;
      }
      if (pos >= data.length) {
        break;
      }
      int marker = data[pos++] & 0xFF;
      if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        continue; // TEM and RSTn stand alone, without a length
      }
      if (marker == 0xD9 || marker == 0xDA) {
        throw corrupt(
            "JPEG",
            "reaches " + (marker == 0xD9 ? "its end" : "scan data") + " before any SOF header");
      }
      if (pos + 2 > data.length) {
        break;
      }
      int length = ((data[pos] & 0xFF) << 8) | (data[pos + 1] & 0xFF);
      if (length < 2) {
        throw corrupt("JPEG", "has a segment of impossible length " + length + " at byte " + pos);
      }
      if (isStartOfFrame(marker)) {
        // length(2) precision(1) height(2) width(2) components(1)
        if (pos + 8 > data.length) {
          break;
        }
        int precision = data[pos + 2] & 0xFF;
        int height = ((data[pos + 3] & 0xFF) << 8) | (data[pos + 4] & 0xFF);
        int width = ((data[pos + 5] & 0xFF) << 8) | (data[pos + 6] & 0xFF);
        int components = data[pos + 7] & 0xFF;
        String colour =
            switch (components) {
              case 1 -> "grayscale";
              case 3 -> "YCbCr";
              case 4 -> "CMYK";
              default -> components + "-component";
            };
        return new ImageHeader(ImageFormat.JPEG, width, height, precision, components, colour);
      }
      pos += length;
    }
    throw corrupt("JPEG", "is truncated before its SOF header (" + data.length + " bytes)");
  }

  /** SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isStartOfFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    for (int i = 0; i < prefix.length; i++) {
      if (data[i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  private static int readInt(byte[] data, int at) {
    return ((data[at] & 0xFF) << 24)
        | ((data[at + 1] & 0xFF) << 16)
        | ((data[at + 2] & 0xFF) << 8)
        | (data[at + 3] & 0xFF);
  }

  // PNG sizes are unsigned 31-bit by spec; anything larger is as oversized as Integer.MAX_VALUE.
  private static int clampToInt(long v) {
    return (int) Math.min(v, Integer.MAX_VALUE);
  }

  private static ImageRejectedException corrupt(String format, String what) {
    return new ImageRejectedException(ImageRejectedException.CORRUPT, format + " " + what);
  }
}
