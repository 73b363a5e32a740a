package io.depthstream.cli.publish;

import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageHeader;
import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.image.RgbImage;
import io.depthstream.fleet.FrameEncoder;
import io.depthstream.schemas.ImageEncoding;

/**
 * A picture file read from disk, ready to become a camera frame: its encoding (from the file's
 * signature, not its name), its size from the header, and its bytes, re-encoded only when another
 * encoding was asked for.
 *
 * @param encoding how {@code data} is encoded
 * @param width pixels, from the header
 * @param height pixels, from the header
 */
public record StoredPicture(ImageEncoding encoding, int width, int height, byte[] data) {

  private static final ImageDecoder DECODER = new ImageDecoder();

  /**
   * Reads {@code data} (a JPEG or PNG file named {@code name}) and converts it to {@code wanted},
   * or keeps it as stored when {@code wanted} is null.
   *
   * @throws IllegalArgumentException naming the file when it is not a readable JPEG or PNG
   */
  public static StoredPicture of(String name, byte[] data, ImageEncoding wanted) {
    ImageEncoding stored = sniff(name, data);
    try {
      ImageHeader header =
          stored == ImageEncoding.PNG ? ImageHeader.readPng(data) : ImageHeader.readJpeg(data);
      if (wanted == null || wanted == stored) {
        return new StoredPicture(stored, header.width(), header.height(), data);
      }
      RgbImage image = DECODER.decode(data, ImageFormat.valueOf(stored.name()), 0, 0);
      return new StoredPicture(
          wanted, image.width(), image.height(), FrameEncoder.encode(image, wanted));
    } catch (ImageRejectedException e) {
      throw new IllegalArgumentException(
          name + ": not a readable " + stored + " (" + e.getMessage() + "); remove or fix the file",
          e);
    }
  }

  /** JPEG or PNG by the file's first bytes. */
  static ImageEncoding sniff(String name, byte[] data) {
    if (data.length >= 4
        && (data[0] & 0xFF) == 0x89
        && data[1] == 'P'
        && data[2] == 'N'
        && data[3] == 'G') {
      return ImageEncoding.PNG;
    }
    if (data.length >= 3
        && (data[0] & 0xFF) == 0xFF
        && (data[1] & 0xFF) == 0xD8
        && (data[2] & 0xFF) == 0xFF) {
      return ImageEncoding.JPEG;
    }
    throw new IllegalArgumentException(
        name + ": neither a JPEG nor a PNG file (by its first bytes); remove it or convert it");
  }
}
