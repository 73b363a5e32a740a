package io.depthstream.trainer.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.RgbImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NyuCsvDatasetTest {

  private static final int W = 8;
  private static final int H = 6;

  @TempDir Path dir;

  /** DenseDepth's zip layout: JPEG + 8-bit depth for training, PNG + 16-bit mm for testing. */
  private static Map<String, byte[]> nyuLayout() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    StringBuilder train = new StringBuilder();
    for (int i = 1; i <= 3; i++) {
      String base = "data/nyu2_train/living_room_0038_out/" + i;
      int[] v = new int[W * H];
      for (int p = 0; p < v.length; p++) {
        v[p] = (p * 5 + i) % 256;
      }
      files.put(base + ".jpg", DataFixtures.encode(DataFixtures.gradient(W, H), "jpg"));
      files.put(base + ".png", DataFixtures.gray8(W, H, v));
      train.append(base).append(".jpg,").append(base).append(".png\n");
    }
    files.put("data/nyu2_train.csv", train.toString().getBytes(StandardCharsets.UTF_8));
    files.put(
        "data/nyu2_test/00000_colors.png", DataFixtures.encode(DataFixtures.gradient(W, H), "png"));
    files.put(
        "data/nyu2_test/00000_depth.png",
        DepthPngCodec.encode(DataFixtures.constantDepth(W, H, 2.345f), DepthPngCodec.MILLIMETRES));
    files.put(
        "data/nyu2_test.csv",
        "data/nyu2_test/00000_colors.png,data/nyu2_test/00000_depth.png\r\n"
            .getBytes(StandardCharsets.UTF_8));
    return files;
  }

  @Test
  void readsTrainingSplitStraightFromTheZip() {
    Path zip = DataFixtures.zip(dir.resolve("nyu_data.zip"), nyuLayout());
    try (NyuCsvDataset nyu = NyuCsvDataset.open(zip, NyuSplit.TRAIN)) {
      assertThat(nyu.size()).isEqualTo(3);
      assertThat(nyu.name()).isEqualTo("nyu-train(nyu_data.zip)");
      DepthSample s = nyu.sample(1);
      assertThat(s.source()).endsWith("nyu_data.zip:data/nyu2_train.csv line 2");
      assertThat(s.rgb().width()).isEqualTo(W);
      // JPEG is lossy; the gradient survives within a few levels.
      assertThat(s.rgb().channel(3, 2, 0)).isCloseTo(30, within(12));
      // 8-bit training depth: v / 255 * 10 m; pixel 4 of image 2 holds (4*5+2) = 22.
      assertThat(s.depth().metres()[4]).isCloseTo(22 / 255f * 10f, within(1e-6f));
    }
  }

  @Test
  void readsTestSplitAsSixteenBitMillimetres() {
    Path zip = DataFixtures.zip(dir.resolve("nyu_data.zip"), nyuLayout());
    try (NyuCsvDataset nyu = NyuCsvDataset.open(zip, NyuSplit.TEST)) {
      DepthSample s = nyu.sample(0);
      assertThat(s.depth().at(5, 5)).isCloseTo(2.345f, within(1e-6f));
      RgbImage expected = DataFixtures.gradient(W, H);
      assertThat(s.rgb().rgb()).isEqualTo(expected.rgb());
    }
  }

  @Test
  void readsTheSameLayoutFromAnUnpackedDirectory() {
    Path root = DataFixtures.directory(dir.resolve("nyu"), nyuLayout());
    Path zip = DataFixtures.zip(dir.resolve("nyu_data.zip"), nyuLayout());
    try (NyuCsvDataset fromDir = NyuCsvDataset.open(root, NyuSplit.TRAIN);
        NyuCsvDataset fromZip = NyuCsvDataset.open(zip, NyuSplit.TRAIN)) {
      assertThat(fromDir.size()).isEqualTo(3);
      for (int i = 0; i < 3; i++) {
        assertThat(fromDir.sample(i).depth().metres())
            .isEqualTo(fromZip.sample(i).depth().metres());
        assertThat(fromDir.sample(i).rgb().rgb()).isEqualTo(fromZip.sample(i).rgb().rgb());
      }
    }
  }

  @Test
  void malformedRowNamesCsvAndLine() {
    Map<String, byte[]> files = nyuLayout();
    String csv = new String(files.get("data/nyu2_train.csv"), StandardCharsets.UTF_8);
    files.put(
        "data/nyu2_train.csv", (csv + "just-one-column.jpg\n").getBytes(StandardCharsets.UTF_8));
    Path zip = DataFixtures.zip(dir.resolve("nyu_data.zip"), files);

    assertThatThrownBy(() -> NyuCsvDataset.open(zip, NyuSplit.TRAIN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nyu_data.zip:data/nyu2_train.csv line 4")
        .hasMessageContaining("expected 'rgb,depth'")
        .hasMessageContaining("just-one-column.jpg");
  }

  @Test
  void fileMissingFromTheZipIsNamedWithItsCsvLine() {
    Map<String, byte[]> files = nyuLayout();
    files.remove("data/nyu2_train/living_room_0038_out/2.png");
    Path zip = DataFixtures.zip(dir.resolve("nyu_data.zip"), files);

    assertThatThrownBy(() -> NyuCsvDataset.open(zip, NyuSplit.TRAIN))
        .hasMessageContaining("data/nyu2_train.csv line 2")
        .hasMessageContaining("'data/nyu2_train/living_room_0038_out/2.png'")
        .hasMessageContaining("does not contain");
  }

  @Test
  void missingCsvSaysWhatLayoutIsExpected() {
    Path zip = DataFixtures.zip(dir.resolve("other.zip"), Map.of("readme.txt", new byte[] {1}));

    assertThatThrownBy(() -> NyuCsvDataset.open(zip, NyuSplit.TEST))
        .hasMessageContaining("other.zip has no data/nyu2_test.csv");
  }

  @Test
  void wrongPngBitDepthIsNamed() {
    Map<String, byte[]> files = nyuLayout();
    // A 16-bit depth PNG where training expects 8-bit.
    files.put(
        "data/nyu2_train/living_room_0038_out/3.png",
        DepthPngCodec.encode(DataFixtures.constantDepth(W, H, 1f), DepthPngCodec.MILLIMETRES));
    // And an 8-bit one where the test split expects 16-bit.
    files.put("data/nyu2_test/00000_depth.png", DataFixtures.gray8(W, H, new int[W * H]));
    Path zip = DataFixtures.zip(dir.resolve("nyu_data.zip"), files);

    try (NyuCsvDataset train = NyuCsvDataset.open(zip, NyuSplit.TRAIN);
        NyuCsvDataset test = NyuCsvDataset.open(zip, NyuSplit.TEST)) {
      assertThatThrownBy(() -> train.sample(2))
          .hasMessageContaining("line 3")
          .hasMessageContaining("living_room_0038_out/3.png")
          .hasMessageContaining("expected an 8-bit grayscale depth PNG")
          .hasMessageContaining("got 16-bit grayscale");
      assertThatThrownBy(() -> test.sample(0))
          .hasMessageContaining("00000_depth.png")
          .hasMessageContaining("16-bit");
    }
  }

  @Test
  void mismatchedPairSizesAreRejected() {
    Map<String, byte[]> files = nyuLayout();
    files.put(
        "data/nyu2_test/00000_depth.png",
        DepthPngCodec.encode(DataFixtures.constantDepth(4, 3, 1f), DepthPngCodec.MILLIMETRES));
    Path zip = DataFixtures.zip(dir.resolve("nyu_data.zip"), files);
    try (NyuCsvDataset test = NyuCsvDataset.open(zip, NyuSplit.TEST)) {
      assertThatThrownBy(() -> test.sample(0)).hasMessageContaining("8x6 but depth is 4x3");
    }
  }

  @Test
  void directoryPathsCannotEscapeTheRoot() {
    Map<String, byte[]> files = nyuLayout();
    files.put(
        "data/nyu2_test.csv",
        "../secret.png,data/nyu2_test/00000_depth.png\n".getBytes(StandardCharsets.UTF_8));
    Path root = DataFixtures.directory(dir.resolve("nyu"), files);
    assertThatThrownBy(() -> NyuCsvDataset.open(root, NyuSplit.TEST))
        .hasMessageContaining("outside the data set directory");
  }
}
