package io.depthstream.streams.matching;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class NearestInTimeTest {

  @Test
  void picksSmallestDistanceWhateverTheOrder() {
    var candidates =
        List.of(KeyValue.pair(130L, "c"), KeyValue.pair(90L, "a"), KeyValue.pair(104L, "b"));
    assertThat(NearestInTime.pick(100, candidates.iterator()).orElseThrow().value).isEqualTo("b");
  }

  @Test
  void tieGoesToTheEarlierCandidateInEitherArrivalOrder() {
    var later = KeyValue.pair(110L, "later");
    var earlier = KeyValue.pair(90L, "earlier");
    assertThat(NearestInTime.pick(100, List.of(later, earlier).iterator()).orElseThrow().value)
        .isEqualTo("earlier");
    assertThat(NearestInTime.pick(100, List.of(earlier, later).iterator()).orElseThrow().value)
        .isEqualTo("earlier");
  }

  @Test
  void noCandidatesNoMatch() {
    assertThat(NearestInTime.pick(100, List.<KeyValue<Long, String>>of().iterator())).isEmpty();
  }
}
