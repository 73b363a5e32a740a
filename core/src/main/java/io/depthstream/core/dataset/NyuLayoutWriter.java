package io.depthstream.core.dataset;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageEncoder;
import io.depthstream.core.synth.SyntheticFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes frames the way DenseDepth's NYU Depth v2 zip lays them out ({@link NyuLayout}), so its
 * data loaders read them unchanged: {@code data/nyu2_train.csv} and {@code data/nyu2_test.csv} list
 * "rgb,depth" paths relative to the layout's root. Training pairs are {@code
 * data/nyu2_train/<scene>/<i>.jpg} with an 8-bit depth PNG holding v/255·10 m; test pairs are
 * {@code data/nyu2_test/<nnnnn>_colors.png} with a 16-bit depth PNG in millimetres. The last frames
 * of the sequence form the test split, so test frames are not near-copies of the training frames
 * beside them.
 */
public final class NyuLayoutWriter {

  private final Path root;
  private final String sceneDir;
  private final int count;
  private final int testCount;

  /**
   * @param root the layout's root (the folder that holds {@code data/})
   * @param sceneName folder name of the training sequence, like NYU's {@code living_room_0038_out}
   */
  public NyuLayoutWriter(Path root, String sceneName, int count, int testCount) throws IOException {
    this.root = root;
    this.sceneDir = "data/nyu2_train/" + sceneName;
    this.count = count;
    this.testCount = testCount;
    Files.createDirectories(root.resolve(sceneDir));
    Files.createDirectories(root.resolve("data/nyu2_test"));
  }

  public boolean isTest(int position) {
    return position >= count - testCount;
  }

  /** Writes the frame at {@code position} (0-based within this run); safe from several threads. */
  public void write(int position, SyntheticFrame frame) throws IOException {
    if (isTest(position)) {
      Files.write(root.resolve(testRgb(position)), ImageEncoder.png(frame.rgb()));
      Files.write(
          root.resolve(testDepth(position)),
          DepthPngCodec.encode(frame.depth(), DepthPngCodec.MILLIMETRES));
    } else {
      Files.write(root.resolve(trainRgb(position)), ImageEncoder.jpeg(frame.rgb(), 0.95f));
      DepthImage depth = frame.depth();
      byte[] eightBit = new byte[depth.metres().length];
      for (int i = 0; i < eightBit.length; i++) {
        eightBit[i] = (byte) NyuLayout.trainDepthValue(depth.metres()[i]);
      }
      Files.write(
          root.resolve(trainDepth(position)),
          ImageEncoder.grayPng(eightBit, depth.width(), depth.height()));
    }
  }

  /** Writes both CSV files once every frame is on disk. */
  public void finish() throws IOException {
    StringBuilder train = new StringBuilder();
    StringBuilder test = new StringBuilder();
    for (int p = 0; p < count; p++) {
      if (isTest(p)) {
        test.append(testRgb(p)).append(',').append(testDepth(p)).append('\n');
      } else {
        train.append(trainRgb(p)).append(',').append(trainDepth(p)).append('\n');
      }
    }
    Files.writeString(root.resolve(NyuLayout.TRAIN_CSV), train, StandardCharsets.UTF_8);
    Files.writeString(root.resolve(NyuLayout.TEST_CSV), test, StandardCharsets.UTF_8);
  }

  private String trainRgb(int p) {
    return sceneDir + "/" + p + ".jpg";
  }

  private String trainDepth(int p) {
    return sceneDir + "/" + p + ".png";
  }

  private String testRgb(int p) {
    return String.format(Locale.ROOT, "data/nyu2_test/%05d_colors.png", p - (count - testCount));
  }

  private String testDepth(int p) {
    return String.format(Locale.ROOT, "data/nyu2_test/%05d_depth.png", p - (count - testCount));
  }
}
