package io.depthstream.core.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  @Test
  void logModePrintsEachTenthOnceAndTheEndOnce() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressBar bar = new ProgressBar("render", 20, "frames", out, false)) {
      for (int i = 0; i < 20; i++) {
        bar.step();
      }
    }
    String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
    // the first step (decile 0), then deciles 1..10 once each: no repeated final line
    assertThat(lines).hasSize(11);
    assertThat(lines[10]).contains("20/20").contains("100%");
  }

  @Test
  void closeShowsTheStateWhenWorkEndsEarly() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (ProgressBar bar = new ProgressBar("train", 100, "steps", out, false)) {
      bar.stepTo(3);
      bar.detail("loss 0.5");
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text.strip().lines().reduce((a, b) -> b).orElseThrow())
        .contains("3/100")
        .contains("loss 0.5");
  }

  @Test
  void rendersRateEtaAndDetail() {
    ProgressBar bar =
        new ProgressBar("x", 10, "it", new PrintStream(new ByteArrayOutputStream()), false);
    bar.stepTo(5);
    String line = bar.render(System.nanoTime());
    assertThat(line).contains("5/10").contains(" 50%").contains("it/s").contains("ETA");
  }

  @Test
  void aResumedBarCountsOnlyThisRunsStepsInItsRate() throws InterruptedException {
    ProgressBar bar =
        new ProgressBar(
            "train", 1000, "batches", new PrintStream(new ByteArrayOutputStream()), false);
    bar.resumeAt(900);
    assertThat(bar.render(System.nanoTime())).contains("900/1000").contains(" 0.00 batches/s");
    Thread.sleep(50);
    bar.step();
    long now = System.nanoTime();
    String line = bar.render(now);
    // one step in about 50 ms: some tens of batches a second, not 901 steps' worth
    double rate = Double.parseDouble(line.replaceAll(".* ([0-9.]+) batches/s.*", "$1"));
    assertThat(rate).isBetween(0.5, 40.0);
    assertThat(line).contains("901/1000").contains("ETA");
  }

  @Test
  void formatsDurations() {
    assertThat(ProgressBar.formatDuration(5)).isEqualTo("0:05");
    assertThat(ProgressBar.formatDuration(125)).isEqualTo("2:05");
    assertThat(ProgressBar.formatDuration(3725)).isEqualTo("1:02:05");
  }
}
