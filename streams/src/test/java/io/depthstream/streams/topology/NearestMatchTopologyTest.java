package io.depthstream.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.depthstream.schemas.FrameMetrics;
import io.depthstream.streams.dlq.DeadLetterHeaders;
import io.depthstream.streams.dlq.DeadLetterReason;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Depth maps meet ground truth by nearest capture time: window ±100 ms, grace 1 s (so a frame at t
 * is decided once stream time reaches t + 1100 ms, and a scan is late once its time + 1200 ms is
 * behind stream time). A grey-128 frame predicts 5.020 m; each test reads which scan was chosen
 * from the ground-truth offset and the resulting abs_rel.
 */
class NearestMatchTopologyTest {

  private static final double P = TestRecords.predicted(128);

  @TempDir Path temp;
  private TopologyFixture fixture;

  @BeforeEach
  void start() {
    fixture = new TopologyFixture(temp, Map.of());
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void picksTheNearestScanInsideTheWindowIgnoringOnesOutsideAndArrivalOrder() {
    fixture.clock.set(10_050);
    fixture.sendFrame(TestRecords.greyFrame(1, 10_000, 128));
    fixture.sendScan(TestRecords.uniformTruth(1, 9_890, P)); // outside: 110 ms before
    fixture.sendScan(TestRecords.uniformTruth(2, 9_950, 4.0)); // inside, 50 ms before
    fixture.sendScan(TestRecords.uniformTruth(3, 10_150, P)); // outside: 150 ms after
    fixture.sendScan(TestRecords.uniformTruth(4, 10_020, 5.0)); // nearest, arrives out of order
    assertThat(fixture.frameMetrics.isEmpty()).as("undecided until the grace has passed").isTrue();

    fixture.sendScan(TestRecords.uniformTruth(5, 11_100, 9.0)); // stream time reaches 10000 + 1100

    List<FrameMetrics> scored = fixture.frameMetrics.readValuesToList();
    assertThat(scored).hasSize(1);
    FrameMetrics m = scored.get(0);
    assertThat(m.getGroundTruthOffsetMs()).isEqualTo(20);
    assertThat(m.getSequence()).isEqualTo(1);
    assertThat(m.getValidPixels()).isEqualTo(TestRecords.WIDTH * TestRecords.HEIGHT);
    assertThat(m.getAbsRel()).isCloseTo(Math.abs(5.0 - P) / 5.0, within(1e-6));
    assertThat(m.getRmse()).isCloseTo(Math.abs(5.0 - P), within(1e-5));
    assertThat(m.getDelta1()).isEqualTo(1.0);
  }

  @Test
  void tieGoesToTheEarlierScan() {
    fixture.clock.set(10_050);
    fixture.sendFrame(TestRecords.greyFrame(1, 10_000, 128));
    fixture.sendScan(TestRecords.uniformTruth(1, 10_030, 4.0));
    fixture.sendScan(TestRecords.uniformTruth(2, 9_970, 5.0));
    fixture.sendScan(TestRecords.uniformTruth(3, 12_000, 9.0));

    FrameMetrics m = fixture.frameMetrics.readValue();
    assertThat(m.getGroundTruthOffsetMs()).isEqualTo(-30);
    assertThat(m.getAbsRel()).isCloseTo(Math.abs(5.0 - P) / 5.0, within(1e-6));
  }

  @Test
  void scansAfterTheDecisionAreNotUsedAndHopelesslyLateOnesAreDeadLettered() {
    fixture.clock.set(20_050);
    fixture.sendFrame(TestRecords.greyFrame(1, 20_000, 128));
    fixture.sendScan(TestRecords.uniformTruth(1, 20_090, 4.0));
    fixture.sendScan(TestRecords.uniformTruth(2, 21_150, 9.0)); // decides the frame: 20000 + 1100
    // Nearer (5 ms) but after the decision: within the horizon (20005 + 1200 > 21150) it is kept
    // for frames still to come, yet the decided frame keeps its 90 ms match.
    fixture.sendScan(TestRecords.uniformTruth(3, 20_005, 5.0));
    fixture.sendScan(TestRecords.uniformTruth(4, 23_000, 9.0));
    // 19_900 + 1200 <= 23_000: every frame it could match is decided, so it is dead-lettered.
    fixture.sendScan(TestRecords.uniformTruth(5, 19_900, 5.0));

    List<FrameMetrics> scored = fixture.frameMetrics.readValuesToList();
    assertThat(scored).hasSize(1);
    assertThat(scored.get(0).getGroundTruthOffsetMs()).isEqualTo(90);
    assertThat(scored.get(0).getAbsRel()).isCloseTo(Math.abs(4.0 - P) / 4.0, within(1e-6));
    var letters = fixture.deadLetters();
    assertThat(letters).hasSize(1);
    assertThat(DeadLetterHeaders.text(letters.get(0).headers(), DeadLetterHeaders.REASON))
        .isEqualTo(DeadLetterReason.LATE_GROUND_TRUTH);
    assertThat(DeadLetterHeaders.text(letters.get(0).headers(), DeadLetterHeaders.SOURCE_OFFSET))
        .isEqualTo("4");
  }

  @Test
  void lateFrameIsScoredAtOnceAgainstStoredTruth() {
    fixture.clock.set(31_000);
    fixture.sendScan(TestRecords.uniformTruth(1, 30_010, 5.0));
    fixture.sendScan(TestRecords.uniformTruth(2, 31_200, 9.0));
    // Its window closed at 30000 + 1100 <= 31200 before it arrived.
    fixture.sendFrame(TestRecords.greyFrame(1, 30_000, 128));

    FrameMetrics m = fixture.frameMetrics.readValue();
    assertThat(m.getGroundTruthOffsetMs()).isEqualTo(10);
  }

  @Test
  void frameWithoutGroundTruthIsCountedUnscored() {
    fixture.clock.set(40_050);
    fixture.sendFrame(TestRecords.greyFrame(1, 40_000, 128));
    fixture.sendScan(TestRecords.uniformTruth(1, 42_000, 5.0));

    assertThat(fixture.frameMetrics.isEmpty()).isTrue();
    assertThat(
            fixture
                .registry
                .get("depthstream.frames.unscored")
                .tag("reason", "no-ground-truth")
                .counter()
                .count())
        .isEqualTo(1.0);
  }

  @Test
  void pointCloudIsProjectedWithTheCalibrationAndScoredOnItsPixels() {
    fixture.calibrations.pipeInput(TopologyFixture.CAMERA, TestRecords.calibration(), 0L);
    fixture.clock.set(50_050);
    fixture.sendFrame(TestRecords.greyFrame(1, 50_000, 128));
    // (5, 0, 0) lands on pixel (8, 6) at 5 m; (4, 0.4, 0) on pixel (7, 6) at 4 m.
    fixture.sendScan(TestRecords.pointCloud(1, 50_010, 5f, 0f, 0f, 0.5f, 4f, 0.4f, 0f, 0.5f));
    fixture.sendScan(TestRecords.uniformTruth(2, 52_000, 9.0));

    FrameMetrics m = fixture.frameMetrics.readValue();
    assertThat(m.getValidPixels()).isEqualTo(2);
    double expected = (Math.abs(5.0 - P) / 5.0 + Math.abs(4.0 - P) / 4.0) / 2;
    assertThat(m.getAbsRel()).isCloseTo(expected, within(1e-6));
    assertThat(fixture.metrics.scansProjected()).isEqualTo(2);
  }
}
