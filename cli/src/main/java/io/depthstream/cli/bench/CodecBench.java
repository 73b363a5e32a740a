package io.depthstream.cli.bench;

import io.depthstream.core.bench.LatencyStats;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageFormat;
import io.depthstream.core.image.RgbImage;
import io.depthstream.fleet.FrameEncoder;
import io.depthstream.schemas.ImageEncoding;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Times the per-frame codec work around the model on one picture and its depth: decoding the
 * incoming JPEG (ImageDecoder, with its header checks), encoding the outgoing 16-bit depth PNG
 * (millimetres) and decoding it again, as tail and the evaluator do.
 */
public final class CodecBench {

  private CodecBench() {}

  /** One codec's timings in milliseconds per call, and the size of what it handled. */
  public record CodecResult(String name, LatencyStats ms, int bytes) {}

  public static List<CodecResult> run(
      RgbImage picture, DepthImage depth, int warmup, int iterations) {
    byte[] jpeg = FrameEncoder.encode(picture, ImageEncoding.JPEG);
    byte[] png = DepthPngCodec.encode(depth, DepthPngCodec.MILLIMETRES);
    ImageDecoder decoder = new ImageDecoder();
    Map<String, Supplier<Object>> work = new LinkedHashMap<>();
    work.put("JPEG decode", () -> decoder.decode(jpeg, ImageFormat.JPEG, 0, 0));
    work.put("depth PNG encode", () -> DepthPngCodec.encode(depth, DepthPngCodec.MILLIMETRES));
    work.put("depth PNG decode", () -> DepthPngCodec.decode(png, DepthPngCodec.MILLIMETRES));
    Map<String, Integer> sizes =
        Map.of(
            "JPEG decode",
            jpeg.length,
            "depth PNG encode",
            png.length,
            "depth PNG decode",
            png.length);
    List<CodecResult> results = new ArrayList<>();
    for (Map.Entry<String, Supplier<Object>> entry : work.entrySet()) {
      for (int i = 0; i < warmup; i++) {
        entry.getValue().get();
      }
      double[] ms = new double[iterations];
      for (int i = 0; i < iterations; i++) {
        long t0 = System.nanoTime();
        entry.getValue().get();
        ms[i] = (System.nanoTime() - t0) / 1e6;
      }
      results.add(new CodecResult(entry.getKey(), new LatencyStats(ms), sizes.get(entry.getKey())));
    }
    return results;
  }
}
