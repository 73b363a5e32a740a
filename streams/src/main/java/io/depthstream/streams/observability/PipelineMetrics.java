package io.depthstream.streams.observability;

import io.depthstream.schemas.DepthMap;
import io.depthstream.streams.meters.MeterNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The service's Micrometer meters. Counters prove that nothing is lost: every frame counted in
 * {@code depthstream.frames.in} is counted again in {@code depthstream.frames.out} or in {@code
 * depthstream.dlq} with source topic {@code camera.frames}; scans likewise ({@code
 * depthstream.scans.in} = {@code depthstream.scans.projected} + their dead letters).
 */
public final class PipelineMetrics {

  private final MeterRegistry registry;
  private final Counter framesIn;
  private final Counter framesOut;
  private final Counter framesStale;
  private final Counter scansIn;
  private final Counter scansProjected;
  private final Counter framesScored;
  private final Timer inference;
  private final Timer endToEnd;

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.framesIn =
        Counter.builder(MeterNames.FRAMES_IN)
            .description("Camera frame records read")
            .register(registry);
    this.framesOut =
        Counter.builder(MeterNames.FRAMES_OUT)
            .description("Depth maps produced")
            .register(registry);
    this.framesStale =
        Counter.builder(MeterNames.FRAMES_STALE)
            .description("Frames skipped as older than depthstream.freshness.max-frame-age")
            .register(registry);
    this.scansIn =
        Counter.builder(MeterNames.SCANS_IN)
            .description("Ground-truth records read")
            .register(registry);
    this.scansProjected =
        Counter.builder(MeterNames.SCANS_PROJECTED)
            .description("Ground-truth records ready for matching")
            .register(registry);
    this.framesScored =
        Counter.builder(MeterNames.FRAMES_SCORED)
            .description("Depth maps scored against ground truth")
            .register(registry);
    this.inference =
        Timer.builder(MeterNames.INFERENCE)
            .description("Model run time per frame")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
    this.endToEnd =
        Timer.builder(MeterNames.END_TO_END)
            .description("Capture time to depth map produced, by the service's clock")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofMinutes(1))
            .register(registry);
  }

  /** The registry the meters live in. */
  public MeterRegistry registry() {
    return registry;
  }

  /** States which model runs where: {@code depthstream.model.info{model,version,provider} = 1}. */
  public void modelLoaded(String modelId, String version, String provider) {
    Gauge.builder(MeterNames.MODEL_INFO, () -> 1.0)
        .description("The model bundle in use and the execution provider running it")
        .tag("model", modelId)
        .tag("version", version)
        .tag("provider", provider)
        .register(registry);
  }

  public void frameIn() {
    framesIn.increment();
  }

  /** A depth map left the model: count it and record its timings. */
  public void frameOut(DepthMap map) {
    framesOut.increment();
    inference.record(Math.round(map.getInferenceMs() * 1000.0), TimeUnit.MICROSECONDS);
    endToEnd.record(Math.max(0L, Math.round(map.getEndToEndMs())), TimeUnit.MILLISECONDS);
  }

  public void frameStale() {
    framesStale.increment();
  }

  public void scanIn() {
    scansIn.increment();
  }

  public void scanProjected() {
    scansProjected.increment();
  }

  public void frameScored() {
    framesScored.increment();
  }

  /** A frame that was not scored: no ground truth in its window, or none of its pixels valid. */
  public void frameUnscored(String reason) {
    Counter.builder(MeterNames.FRAMES_UNSCORED)
        .description("Depth maps without a usable ground-truth match")
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  /** One record written to the DLQ. */
  public void deadLetter(String reason, String sourceTopic) {
    Counter.builder(MeterNames.DLQ)
        .description("Records written to the dead-letter topic")
        .tag("reason", reason)
        .tag("topic", sourceTopic)
        .register(registry)
        .increment();
  }

  /** Sum of {@code depthstream.dlq} over reasons for one source topic. */
  public double deadLetters(String sourceTopic) {
    return registry.find(MeterNames.DLQ).tag("topic", sourceTopic).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** {@code depthstream.dlq} for one reason, over all topics. */
  public double deadLettersFor(String reason) {
    return registry.find(MeterNames.DLQ).tag("reason", reason).counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** {@code depthstream.dlq} over every reason and topic. */
  public double deadLettersTotal() {
    return registry.find(MeterNames.DLQ).counters().stream().mapToDouble(Counter::count).sum();
  }

  /** Model runs timed so far. */
  public long inferences() {
    return inference.count();
  }

  /** Total model run time so far, in milliseconds. */
  public double inferenceMillisTotal() {
    return inference.totalTime(TimeUnit.MILLISECONDS);
  }

  public double framesIn() {
    return framesIn.count();
  }

  public double framesOut() {
    return framesOut.count();
  }

  public double framesStale() {
    return framesStale.count();
  }

  public double scansIn() {
    return scansIn.count();
  }

  public double scansProjected() {
    return scansProjected.count();
  }

  public double framesScored() {
    return framesScored.count();
  }
}
