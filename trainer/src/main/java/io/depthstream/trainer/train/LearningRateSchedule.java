package io.depthstream.trainer.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Step decay of the learning rate, after an optional linear warm-up: {@code base} until the first
 * decay step, then multiplied by {@code factor} at each decay step; over the first {@code
 * warmupSteps} steps the rate rises linearly from {@code base / warmupSteps} to {@code base}. The
 * rate depends only on how many steps were taken, so a run resumed from a checkpoint continues on
 * the same curve, and a resumed run can add a decay from where it stands (the usual way to finish a
 * run that has stopped improving).
 *
 * <p>Why a warm-up: Adam's first steps from fresh moments move every weight by about the full rate
 * whatever its gradient's size (the bias-corrected m/√v of one sample is ±1), which a trained
 * network does not survive at a rate it was trained at long ago (models/README, candidate {@code
 * wr}). Rising from a small rate lets the moments learn the gradients' scale first.
 *
 * @param base the rate before any decay
 * @param decaySteps ascending, distinct steps at which the rate drops; empty for a constant rate
 * @param factor what the rate is multiplied by at each decay step, in (0, 1]
 * @param warmupSteps steps of the linear warm-up at the start of the run; 0 for none
 */
public record LearningRateSchedule(
    double base, List<Long> decaySteps, double factor, long warmupSteps) {

  /** A schedule without warm-up. */
  public LearningRateSchedule(double base, List<Long> decaySteps, double factor) {
    this(base, decaySteps, factor, 0);
  }

  public LearningRateSchedule {
    if (!(base > 0) || !Double.isFinite(base)) {
      throw new IllegalArgumentException("--lr must be a positive number, got " + base);
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new IllegalArgumentException(
          "--lr-decay must be in (0, 1], e.g. 0.1 for a tenfold drop; got " + factor);
    }
    if (warmupSteps < 0) {
      throw new IllegalArgumentException(
          "--lr-warmup must be 0 (none) or a number of steps, e.g. 300; got " + warmupSteps);
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
    if (stepsTaken < warmupSteps) {
      rate *= (stepsTaken + 1) / (double) warmupSteps;
    }
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
   * The warm-up is the checkpoint's: {@code requestedWarmup} may repeat it, or be 0 (not asked).
   *
   * @throws IllegalArgumentException naming the step and what the command may ask instead
   */
  public LearningRateSchedule resumedAt(
      long step, List<Long> requested, double requestedFactor, long requestedWarmup) {
    if (requestedWarmup != 0 && requestedWarmup != warmupSteps) {
      throw new IllegalArgumentException(
          "--lr-warmup "
              + requestedWarmup
              + " cannot change the warm-up of a resumed run ("
              + warmupSteps
              + " steps, from its checkpoint); drop --lr-warmup to resume");
    }
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
    return new LearningRateSchedule(base, merged, requestedFactor, warmupSteps);
  }

  /**
   * E.g. {@code 0.0005}, {@code 0.0005, x0.1 at steps 4200,5000} or {@code 0.0002 after a 300-step
   * warm-up, x0.1 at step 4000}.
   */
  @Override
  public String toString() {
    String warmup =
        warmupSteps == 0 ? "" : String.format(Locale.ROOT, " after a %d-step warm-up", warmupSteps);
    if (decaySteps.isEmpty()) {
      return String.format(Locale.ROOT, "%s%s", base, warmup);
    }
    return String.format(
        Locale.ROOT,
        "%s%s, x%s at step%s %s",
        base,
        warmup,
        factor,
        decaySteps.size() == 1 ? "" : "s",
        decaySteps.stream().map(String::valueOf).collect(Collectors.joining(",")));
  }
}
