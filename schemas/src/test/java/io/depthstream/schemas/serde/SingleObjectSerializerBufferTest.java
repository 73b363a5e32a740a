package io.depthstream.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.DepthMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The serializer writes every record into its thread's kept buffer: what it returns must never
 * carry bytes of an earlier record, whatever the order of sizes and threads, and a buffer grown
 * past {@link SingleObjectSerializer#KEPT_BUFFER_BYTES} must not stay with its thread.
 */
class SingleObjectSerializerBufferTest {

  private static CameraFrame frame(int bytes, long seed) {
    byte[] data = new byte[bytes];
    new Random(seed).nextBytes(data);
    return CameraFrame.newBuilder(Records.cameraFrame()).setData(ByteBuffer.wrap(data)).build();
  }

  /** What a serializer that has written nothing before gives: a fresh one, used once. */
  private static byte[] fresh(CameraFrame frame) {
    return new SingleObjectSerializer<>(CameraFrame.class).serialize("t", frame);
  }

  @Test
  void aSmallRecordAfterALargeOneOnTheSameThreadIsExactlyItsOwnBytes() {
    SingleObjectSerializer<CameraFrame> serializer =
        new SingleObjectSerializer<>(CameraFrame.class);
    CameraFrame large = frame(300_000, 1);
    CameraFrame small = frame(10, 2);

    byte[] first = serializer.serialize("t", large);
    byte[] second = serializer.serialize("t", small);
    byte[] third = serializer.serialize("t", large);

    assertThat(first).isEqualTo(fresh(large));
    assertThat(second).isEqualTo(fresh(small)).hasSizeLessThan(100);
    assertThat(third).isEqualTo(first).isNotSameAs(first);
  }

  @Test
  void aRecordLargerThanTheKeptSizeIsWrittenWholeAndItsBufferIsDropped() {
    SingleObjectSerializer<CameraFrame> serializer =
        new SingleObjectSerializer<>(CameraFrame.class);
    serializer.serialize("t", frame(100_000, 3));
    assertThat(serializer.threadBufferBytes()).isGreaterThanOrEqualTo(100_000);

    CameraFrame huge = frame(SingleObjectSerializer.KEPT_BUFFER_BYTES + 1, 4);
    byte[] bytes = serializer.serialize("t", huge);

    assertThat(bytes).isEqualTo(fresh(huge));
    assertThat(serializer.threadBufferBytes())
        .as("the buffer this thread keeps after the huge record")
        .isLessThanOrEqualTo(SingleObjectSerializer.KEPT_BUFFER_BYTES);
  }

  @Test
  void aThreadKeepsOneBufferForEveryRecordType() {
    SingleObjectSerializer<CameraFrame> frames = new SingleObjectSerializer<>(CameraFrame.class);
    SingleObjectSerializer<DepthMap> maps = new SingleObjectSerializer<>(DepthMap.class);
    byte[] frame = frames.serialize("t", frame(200_000, 5));

    assertThat(maps.threadBufferBytes()).isGreaterThanOrEqualTo(200_000);
    byte[] map = maps.serialize("t", Records.depthMap());

    assertThat(map)
        .isEqualTo(new SingleObjectSerializer<>(DepthMap.class).serialize("t", Records.depthMap()));
    assertThat(frame).isEqualTo(fresh(frame(200_000, 5)));
  }

  @Test
  void threadsWritingAtOnceGetTheirOwnRecordsBytes() throws Exception {
    SingleObjectSerializer<CameraFrame> serializer =
        new SingleObjectSerializer<>(CameraFrame.class);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 50; i++) {
                    CameraFrame f = frame(1 + (thread * 7919 + i * 104_729) % 200_000, i);
                    if (!java.util.Arrays.equals(serializer.serialize("t", f), fresh(f))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get()).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
