package io.depthstream.trainer.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Axis ticks at round numbers (1, 2, 2.5 or 5 times a power of ten) covering a data range, the way
 * a person would label an axis: 0, 0.5, 1.0 rather than 0.013, 0.487, 0.961.
 */
record NiceTicks(double min, double max, double step) {

  /** About {@code target} ticks spanning at least [lo, hi]. */
  static NiceTicks of(double lo, double hi, int target) {
    if (!(hi > lo)) {
      double pad = lo == 0 ? 1 : Math.abs(lo) * 0.1;
      lo -= pad;
      hi += pad;
    }
    double raw = (hi - lo) / Math.max(1, target);
    double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = magnitude * 10;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * magnitude >= raw) {
        step = m * magnitude;
        break;
      }
    }
    return new NiceTicks(Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step);
  }

  List<Double> values() {
    List<Double> out = new ArrayList<>();
    int n = (int) Math.round((max - min) / step);
    for (int i = 0; i <= n; i++) {
      out.add(min + i * step);
    }
    return out;
  }

  /** A label with as many decimals as the step needs. */
  String label(double v) {
    int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
    if (step * Math.pow(10, decimals) % 1 > 1e-6) {
      decimals++;
    }
    double rounded = Math.abs(v) < step * 1e-6 ? 0 : v;
    return String.format(java.util.Locale.ROOT, "%." + decimals + "f", rounded);
  }
}
