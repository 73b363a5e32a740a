package io.depthstream.streams.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.depthstream.core.bench.MachineFacts;
import io.depthstream.streams.models.ChallengerSampling;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengerCostTest {

  private static final List<String> ONE = List.of("tiny");
  private static final List<String> TWO = List.of("tiny", "tiny-copy2");

  /**
   * 300 frames on 3 cameras: the champion alone at 50 frames/s (6 s); one challenger on every frame
   * 40 (7.5 s), on a tenth 48 (6.25 s); two on every frame 25 (12 s), on a tenth 46 (~6.52 s).
   */
  static ChallengerCost cost() {
    return new ChallengerCost(
        "grey",
        300,
        3,
        List.of("tiny-copy2 is tiny again under another id"),
        List.of(
            run(List.of(), 0, 6.0, 0, 0),
            run(ONE, 1.0, 7.5, 300, 300),
            run(ONE, 0.1, 6.25, 31, 31),
            run(TWO, 1.0, 12.0, 600, 600),
            run(TWO, 0.1, 300 / 46.0, 60, 62)));
  }

  private static ChallengerCost.Run run(
      List<String> ids, double sample, double seconds, long shadow, long expected) {
    BacklogDrain.Result drain =
        new BacklogDrain.Result(
            300, 300, 3, false, 8.0, 2.0, seconds, new WrittenBytes(Map.of()), 0, 0, 0, null);
    return new ChallengerCost.Run(ids, sample, drain, shadow, expected);
  }

  private static MachineFacts machine() {
    return new MachineFacts(
        "Test CPU", 2, "Test JVM", "Linux", "1.29.0", "0.50 0.40 0.30", Instant.EPOCH);
  }

  @Test
  void eachRunIsComparedWithTheChampionAloneAndSaysHowManyShadowMapsAppeared() throws Exception {
    JsonNode runs =
        new ObjectMapper()
            .readTree(cost().json(machine(), "CPU", 0, "640x480", Map.of("k", "v")))
            .get("challenger_runs");

    assertThat(runs).hasSize(5);
    JsonNode alone = runs.get(0);
    assertThat(alone.get("challengers").asInt()).isZero();
    assertThat(alone.get("sample").isNull()).isTrue();
    assertThat(alone.get("champion_fps").asDouble()).isEqualTo(50.0);
    assertThat(alone.get("vs_no_challenger").asDouble()).isEqualTo(1.0);
    JsonNode oneAtATenth = runs.get(2);
    assertThat(oneAtATenth.get("challenger_ids").get(0).asText()).isEqualTo("tiny");
    assertThat(oneAtATenth.get("sample").asDouble()).isEqualTo(0.1);
    assertThat(oneAtATenth.get("champion_fps").asDouble()).isEqualTo(48.0);
    assertThat(oneAtATenth.get("vs_no_challenger").asDouble()).isEqualTo(0.96);
    assertThat(oneAtATenth.get("shadow_maps").asLong()).isEqualTo(31);
    JsonNode twoAtATenth = runs.get(4);
    assertThat(twoAtATenth.get("challengers").asInt()).isEqualTo(2);
    assertThat(twoAtATenth.get("vs_no_challenger").asDouble()).isEqualTo(0.92);
    assertThat(twoAtATenth.get("shadow_maps_expected").asLong()).isEqualTo(62);
  }

  @Test
  void aChallengersOnlyRunPrintsTheMachineTheSettingsAndTheTable() throws Exception {
    ChallengerCost cost = cost();
    String text = cost.text("./depthstream bench x", machine(), "CPU", 0, "640x480", Map.of());
    JsonNode o =
        new ObjectMapper().readTree(cost.json(machine(), "CPU", 2, "640x480", Map.of("k", "v")));

    assertThat(text)
        .contains("command:  ./depthstream bench x", "machine:  Test CPU, 2 cores")
        .containsPattern("tiny +1\\.00 +7\\.50 +40\\.00 +0\\.80x +300 of 300")
        .containsPattern("tiny, tiny-copy2 +0\\.10 +6\\.52 +46\\.00 +0\\.92x +60 of 62")
        .contains("note: tiny-copy2 is tiny again under another id");
    assertThat(o.get("cameras").asInt()).isEqualTo(3);
    assertThat(o.get("frames").asInt()).isEqualTo(300);
    assertThat(o.get("model").asText()).isEqualTo("grey");
    assertThat(o.get("intra_op_threads").asInt()).isEqualTo(2);
    assertThat(o.get("settings").get("k").asText()).isEqualTo("v");
    assertThat(o.get("cores").asInt()).isEqualTo(2);
  }

  @Test
  void theExpectedShadowMapsFollowTheServicesSampleOfTheBacklogsFrames() {
    assertThat(BacklogDrain.framesSampled(300, 3, 3, new ChallengerSampling(1.0))).isEqualTo(300);
    // Deterministic: a tenth of 300 frames, give or take the hash's spread.
    long tenth = BacklogDrain.framesSampled(300, 3, 3, new ChallengerSampling(0.1));
    assertThat(tenth).isBetween(15L, 50L);
    assertThat(BacklogDrain.framesSampled(300, 3, 3, new ChallengerSampling(0.1))).isEqualTo(tenth);
  }
}
