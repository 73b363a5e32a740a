package io.depthstream.trainer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Step decay of the learning rate: {@code base} until the first decay step, then multiplied by
 * {@code factor} at each decay step. The rate depends only on how many steps were taken, so a run
 * resumed from a checkpoint continues on the same curve, and a resumed run can add a decay from
 * where it stands (the usual way to finish a run that has stopped improving).
 *
 * @param base the rate before any decay
 * @param decaySteps ascending, distinct steps at which the rate drops; empty for a constant rate
 * @param factor what the rate is multiplied by at each decay step, in (0, 1]
 */
public record LearningRateSchedule(double base, List<Long> decaySteps, double factor) {

  public LearningRateSchedule {
    if (!(base > 0) || !Double.isFinite(base)) {
      throw new IllegalArgumentException("--lr must be a positive number, got " + base);
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException(
          "--lr-decay must be in (0, 1], e.g. 0.1 for a tenfold drop; got " + factor);
    }
    decaySteps = List.copyOf(decaySteps);
    for (int i = 0; i < decaySteps.size(); i++) {
      if (decaySteps.get(i) < 1 || (i > 0 && decaySteps.get(i) <= decaySteps.get(i - 1))) {
        throw new IllegalArgumentException(
            "--lr-decay-at needs ascending step numbers of at least 1, e.g. 3000,4000; got "
                + decaySteps);
      }
    }
  }

  /** One rate throughout. */
  public static LearningRateSchedule constant(double base) {
    return new LearningRateSchedule(base, List.of(), 1);
  }

  /** The rate of the step taken after {@code stepsTaken} steps (so step 0 runs at {@code base}). */
  public double rateAt(long stepsTaken) {
    double rate = base;
    for (long s : decaySteps) {
      if (stepsTaken >= s) {
        rate *= factor;
      }
    }
    return rate;
  }

  /**
   * This schedule continued from a checkpoint at {@code step}, with the decays the resumed command
   * asks for. Decays before {@code step} have shaped the steps already taken, so the command may
   * repeat them but not move them; from {@code step} on, the command's decays replace the
   * checkpoint's. Without decays on the command line the checkpoint's schedule goes on unchanged.
   *
   * @throws IllegalArgumentException naming the step and what the command may ask instead
   */
  public LearningRateSchedule resumedAt(long step, List<Long> requested, double requestedFactor) {
    if (requested.isEmpty()) {
      return this;
    }
    List<Long> passed = decaySteps.stream().filter(s -> s < step).toList();
    for (long s : requested) {
      if (s < step && !passed.contains(s)) {
        throw new IllegalArgumentException(
            String.format(
                "--lr-decay-at %d lies before the checkpoint's step %d, whose run decayed at %s;"
                    + " a resumed run can add decays at step %d or later",
                s, step, passed.isEmpty() ? "no step" : passed, step));
      }
    }
    if (!passed.isEmpty() && requestedFactor != factor) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "--lr-decay %s differs from the %s the checkpoint's run already decayed by at step"
                  + " %d; keep --lr-decay %s",
              requestedFactor,
              factor,
              passed.get(0),
              factor));
    }
    List<Long> merged = new ArrayList<>(passed);
    requested.stream().filter(s -> s >= step).sorted().distinct().forEach(merged::add);
    return new LearningRateSchedule(base, merged, requestedFactor);
  }

  /** E.g. {@code 0.0005} or {@code 0.0005, x0.1 at steps 4200,5000}. */
  @Override
  public String toString() {
    if (decaySteps.isEmpty()) {
      return String.format(Locale.ROOT, "%s", base);
    }
    return String.format(
        Locale.ROOT,
        "%s, x%s at step%s %s",
        base,
        factor,
        decaySteps.size() == 1 ? "" : "s",
        decaySteps.stream().map(String::valueOf).collect(Collectors.joining(",")));
  }
}
