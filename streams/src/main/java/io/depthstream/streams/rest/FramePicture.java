package io.depthstream.streams.rest;

import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.image.RgbImage;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.serde.AvroBytes;

/** A camera frame as a browser shows it: JPEG and PNG as sent, raw RGB8 encoded as PNG. */
final class FramePicture {

  private FramePicture() {}

  static byte[] bytes(CameraFrame frame) {
    byte[] data = AvroBytes.toArray(frame.getData());
    return switch (frame.getEncoding()) {
      case JPEG, PNG -> data;
      case RGB8 -> ImageEncoder.png(new RgbImage(frame.getWidth(), frame.getHeight(), data));
    };
  }

  static String mediaType(CameraFrame frame) {
    return switch (frame.getEncoding()) {
      case JPEG -> "image/jpeg";
      case PNG, RGB8 -> "image/png";
    };
  }
}
