package io.depthstream.streams.matching;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.utils.Bytes;
import org.junit.jupiter.api.Test;

class PendingFrameKeyTest {

  @Test
  void byteOrderIsCaptureTimeOrderAcrossCamerasAndSigns() {
    Bytes early = PendingFrameKey.of(-5, 9, "zz/cam9");
    Bytes zero = PendingFrameKey.of(0, 1, "v1/cam0");
    Bytes later = PendingFrameKey.of(1_000, 0, "a/cam0");
    Bytes laterNextSequence = PendingFrameKey.of(1_000, 1, "a/cam0");
    assertThat(early.compareTo(zero)).isNegative();
    assertThat(zero.compareTo(later)).isNegative();
    assertThat(later.compareTo(laterNextSequence)).isNegative();
  }

  @Test
  void upperBoundIncludesEveryFrameAtThatTimeAndNoneAfter() {
    Bytes bound = PendingFrameKey.after(1_000);
    assertThat(PendingFrameKey.of(1_000, Long.MAX_VALUE, "\uFFFF").compareTo(bound)).isNegative();
    assertThat(PendingFrameKey.of(1_001, Long.MIN_VALUE, "").compareTo(bound)).isPositive();
    assertThat(PendingFrameKey.lowest().compareTo(PendingFrameKey.of(Long.MIN_VALUE, 0, "")))
        .isNegative();
  }

  @Test
  void partsReadBack() {
    Bytes key = PendingFrameKey.of(-1_234, 7, "v7/cam0");
    assertThat(PendingFrameKey.captureTime(key)).isEqualTo(-1_234);
    assertThat(PendingFrameKey.cameraKey(key)).isEqualTo("v7/cam0");
  }
}
