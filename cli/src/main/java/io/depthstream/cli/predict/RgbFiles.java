package io.depthstream.cli.predict;

import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.image.RgbImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Photos on disk for the commands that run models: reads PNG or JPEG files (told apart by their
 * first bytes, not their names) through an {@link ImageDecoder}, so its size limits hold before
 * anything is decoded; writes RGB pictures as PNG.
 */
public final class RgbFiles {

  private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  private final ImageDecoder decoder;

  public RgbFiles(ImageDecoder decoder) {
    this.decoder = decoder;
  }

  /** File names that {@code predict} and the plain-folder dataset take as pictures. */
  public static boolean hasPictureName(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".png") || name.endsWith(".jpg") || name.endsWith(".jpeg");
  }

  /**
   * Reads and decodes one picture.
   *
   * @throws UnreadableImageException naming the file and why: missing, over the byte or pixel
   *     limits, not a PNG or JPEG, or corrupt
   */
  public RgbImage read(Path file) {
    return read(file, 0, 0);
  }

  /**
   * Reads one picture for a model whose input is {@code modelWidth × modelHeight}, as the service
   * decodes a camera frame ({@link ImageDecoder#decodeForModel}): a JPEG may come back at the
   * model's input size, standing for the whole picture, so offline and live predictions agree.
   *
   * @throws UnreadableImageException as {@link #read(Path)}
   */
  public RgbImage readForModel(Path file, int modelWidth, int modelHeight) {
    if (modelWidth <= 0 || modelHeight <= 0) {
      throw new IllegalArgumentException(
          "model input must be positive, got " + modelWidth + "x" + modelHeight);
    }
    return read(file, modelWidth, modelHeight);
  }

  private RgbImage read(Path file, int modelWidth, int modelHeight) {
    byte[] data;
    try {
      // Checked before reading, so a huge file is refused without being loaded.
      decoder.limits().checkBytes("file", Files.size(file));
      data = Files.readAllBytes(file);
    } catch (ImageRejectedException e) {
      throw new UnreadableImageException(file, e.getMessage(), e);
    } catch (IOException e) {
      throw new UnreadableImageException(file, "cannot be read (" + e + ")", e);
    }
    ImageFormat format = sniff(data);
    if (format == null) {
      throw new UnreadableImageException(
          file, "is neither a PNG nor a JPEG (its first bytes say so); convert it to one", null);
    }
    try {
      return modelWidth > 0
          ? decoder.decodeForModel(data, format, 0, 0, modelWidth, modelHeight)
          : decoder.decode(data, format, 0, 0);
    } catch (ImageRejectedException e) {
      throw new UnreadableImageException(file, e.getMessage() + " [" + e.reason() + "]", e);
    }
  }

  /** PNG or JPEG by signature, or null for anything else. */
  static ImageFormat sniff(byte[] data) {
    if (data.length >= PNG_SIGNATURE.length) {
      boolean png = true;
      for (int i = 0; i < PNG_SIGNATURE.length; i++) {
        png &= data[i] == PNG_SIGNATURE[i];
      }
      if (png) {
        return ImageFormat.PNG;
      }
    }
    if (data.length >= 3
        && (data[0] & 0xFF) == 0xFF
        && (data[1] & 0xFF) == 0xD8
        && (data[2] & 0xFF) == 0xFF) {
      return ImageFormat.JPEG;
    }
    return null;
  }
}
