package io.depthstream.streams.meters;

import java.util.List;

/**
 * The name of every meter the service registers, in Micrometer's dotted form; /q/metrics shows each
 * in Prometheus' form (dots as underscores, counters with {@code _total}, timers in {@code
 * _seconds}). Code registers and looks meters up by these constants only, so this is the one list;
 * streams/README.md, the Grafana dashboard and the alert rules are checked against it by tests. A
 * leaf package of its own: the pipeline, the failure handlers and the benchmark all name meters,
 * and none of them may depend on another for it.
 */
public final class MeterNames {

  /** Camera frame records read. */
  public static final String FRAMES_IN = "depthstream.frames.in";

  /** Depth maps produced. */
  public static final String FRAMES_OUT = "depthstream.frames.out";

  /** Frames skipped as older than depthstream.freshness.max-frame-age. */
  public static final String FRAMES_STALE = "depthstream.frames.stale";

  /** Depth maps scored against ground truth. */
  public static final String FRAMES_SCORED = "depthstream.frames.scored";

  /** Depth maps without a usable ground-truth match, tagged {@code reason}. */
  public static final String FRAMES_UNSCORED = "depthstream.frames.unscored";

  /** Ground-truth records read. */
  public static final String SCANS_IN = "depthstream.scans.in";

  /** Ground-truth records ready for matching. */
  public static final String SCANS_PROJECTED = "depthstream.scans.projected";

  /** Timer: the model's run time per frame. */
  public static final String INFERENCE = "depthstream.inference";

  /** Timer: capture time to depth map produced. */
  public static final String END_TO_END = "depthstream.end_to_end";

  /** Gauge of 1 tagged {@code model}, {@code version}, {@code provider}. */
  public static final String MODEL_INFO = "depthstream.model.info";

  /** Dead letters written, tagged {@code reason} and source {@code topic}. */
  public static final String DLQ = "depthstream.dlq";

  /** Records Kafka Streams' handlers skipped, tagged {@code stage} and {@code topic}. */
  public static final String RECORDS_SKIPPED = "depthstream.records.skipped";

  /** Rolling-window gauges, tagged {@code scope}, {@code key}, {@code model}. */
  public static final String WINDOW_DELTA1 = "depthstream.window.delta1";

  public static final String WINDOW_ABS_REL = "depthstream.window.abs_rel";

  public static final String WINDOW_RMSE = "depthstream.window.rmse";

  /** Windows not shown as gauges because the label cap was reached, tagged {@code scope}. */
  public static final String WINDOW_LABELS_DROPPED = "depthstream.window.labels.dropped";

  /** Paired challenger − champion difference with its interval bounds. */
  public static final String MODELS_DIFFERENCE = "depthstream.models.difference";

  /** Frames both models scored behind the paired difference. */
  public static final String MODELS_PAIRS = "depthstream.models.pairs";

  /** Every name above. */
  public static final List<String> ALL =
      List.of(
          FRAMES_IN,
          FRAMES_OUT,
          FRAMES_STALE,
          FRAMES_SCORED,
          FRAMES_UNSCORED,
          SCANS_IN,
          SCANS_PROJECTED,
          INFERENCE,
          END_TO_END,
          MODEL_INFO,
          DLQ,
          RECORDS_SKIPPED,
          WINDOW_DELTA1,
          WINDOW_ABS_REL,
          WINDOW_RMSE,
          WINDOW_LABELS_DROPPED,
          MODELS_DIFFERENCE,
          MODELS_PAIRS);

  private MeterNames() {}

  /** The base of a name's series in Prometheus' form, before any {@code _total} or unit suffix. */
  public static String prometheus(String name) {
    return name.replace('.', '_');
  }
}
