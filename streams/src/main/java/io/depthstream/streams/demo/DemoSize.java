package io.depthstream.streams.demo;

/** The demo's camera picture size, from {@code depthstream.demo.size} ({@code WxH}). */
public record DemoSize(int width, int height) {

  public static DemoSize parse(String text) {
    String[] parts = text.trim().toLowerCase(java.util.Locale.ROOT).split("x");
    try {
      if (parts.length == 2) {
        DemoSize size = new DemoSize(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
        if (size.width >= 32 && size.height >= 32 && size.width <= 1280 && size.height <= 1280) {
          return size;
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "depthstream.demo.size must be WxH with sides from 32 to 1280, e.g. 320x240; got '"
            + text
            + "'");
  }

  @Override
  public String toString() {
    return width + "x" + height;
  }
}
