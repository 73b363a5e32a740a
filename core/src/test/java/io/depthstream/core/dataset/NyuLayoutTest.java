package io.depthstream.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.ImageEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NyuLayoutTest {

  @TempDir Path dir;

  @Test
  void trainDepthValueIsDenseDepthsEightBitEncoding() {
    assertThat(NyuLayout.trainDepthValue(0f)).isZero();
    assertThat(NyuLayout.trainDepthValue(Float.NaN)).isZero();
    assertThat(NyuLayout.trainDepthValue(10f)).isEqualTo(255);
    assertThat(NyuLayout.trainDepthValue(25f)).isEqualTo(255);
    // 2 m → 2/10·255 = 51
    assertThat(NyuLayout.trainDepthValue(2f)).isEqualTo(51);
    // a valid depth never reads back as missing
    assertThat(NyuLayout.trainDepthValue(0.001f)).isEqualTo(1);
  }

  @Test
  void trainDepthReadsBackWhatTheValueWrote() {
    byte[] values = {0, (byte) NyuLayout.trainDepthValue(2f), (byte) 255};
    DepthImage depth = NyuLayout.trainDepth(ImageEncoder.grayPng(values, 3, 1), "d.png");
    assertThat(depth.at(0, 0)).isZero();
    assertThat((double) depth.at(1, 0)).isCloseTo(2.0, within(1e-6));
    assertThat((double) depth.at(2, 0)).isCloseTo(10.0, within(1e-6));
  }

  @Test
  void csvRowsAreReadFromAFolderWithTheirLines() throws IOException {
    Files.createDirectories(dir.resolve("data/t"));
    Files.write(dir.resolve("data/t/a.png"), new byte[] {1});
    Files.write(dir.resolve("data/t/b.png"), new byte[] {2});
    Files.writeString(
        dir.resolve(NyuLayout.TEST_CSV),
        "rgb,depth\n\ndata/t/a.png,data/t/b.png\n",
        StandardCharsets.UTF_8);
    try (DatasetFiles files = DatasetFiles.open(dir)) {
      assertThat(NyuCsv.read(files, NyuLayout.TEST_CSV))
          .containsExactly(new NyuCsv.Pair("data/t/a.png", "data/t/b.png", 3));
      assertThatThrownBy(() -> NyuCsv.read(files, NyuLayout.TRAIN_CSV))
          .hasMessageContaining("has no data/nyu2_train.csv");
    }
  }
}
