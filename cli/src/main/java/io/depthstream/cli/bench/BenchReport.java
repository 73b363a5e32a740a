package io.depthstream.cli.bench;

import io.depthstream.core.bench.BatchResult;
import io.depthstream.core.bench.MachineFacts;
import java.util.List;
import java.util.Locale;

/**
 * The results of one {@code ./depthstream bench} run with everything needed to read them: the
 * command, the machine, the model and provider, per-batch figures, the batch ratios measured in the
 * same run and the codec timings. Renders as plain text or as a Markdown block for BENCHMARKS.md.
 *
 * @param plumbing true when the model is the random-weight stand-in, not a real depth model
 */
public record BenchReport(
    String command,
    MachineFacts machine,
    String model,
    boolean plumbing,
    String provider,
    int intraOpThreads,
    String inputSize,
    String frameSize,
    int warmup,
    int warmupFrames,
    int iterations,
    List<BatchResult> batches,
    List<CodecBench.CodecResult> codecs) {

  /** True when the machine's 1-minute load average was above its core count. */
  public boolean contended() {
    return machine.contended();
  }

  public String text() {
    StringBuilder out = new StringBuilder();
    out.append("depthstream bench, ").append(machine.date()).append('\n');
    out.append("command:  ").append(command).append('\n');
    out.append(machine.reportLines("1/5/15 min", provider, threadsText()));
    out.append("model:    ")
        .append(model)
        .append(plumbing ? "  [PLUMBING benchmark: random weights, not DenseDepth]" : "")
        .append(", input ")
        .append(inputSize)
        .append(", frames ")
        .append(frameSize)
        .append('\n');
    out.append("runs:     ").append(runs()).append("\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "%5s %9s %10s %10s %10s %10s %10s %9s%n",
            "batch",
            "frames/s",
            "call p50",
            "call p95",
            "pre/frame",
            "infer/fr",
            "post/fr",
            "vs b=1"));
    BatchResult base = batches.get(0);
    for (BatchResult b : batches) {
      out.append(
          String.format(
              Locale.ROOT,
              "%5d %9.2f %8.2fms %8.2fms %8.2fms %8.2fms %8.2fms %8.2fx%n",
              b.batch(),
              b.framesPerSecond(),
              b.callMs().p50(),
              b.callMs().p95(),
              b.preprocessMs(),
              b.inferenceMs(),
              b.postprocessMs(),
              b.speedupOver(base)));
    }
    if (!codecs.isEmpty()) {
      out.append('\n')
          .append(
              String.format(
                  Locale.ROOT,
                  "%-18s %9s %9s %9s %10s%n",
                  "codec",
                  "p50",
                  "p95",
                  "per s",
                  "bytes"));
      for (CodecBench.CodecResult c : codecs) {
        out.append(
            String.format(
                Locale.ROOT,
                "%-18s %7.2fms %7.2fms %9.1f %10d%n",
                c.name(),
                c.ms().p50(),
                c.ms().p95(),
                1000.0 / c.ms().mean(),
                c.bytes()));
      }
    }
    return out.toString();
  }

  /** The warm-up and measured calls, as one phrase. */
  private String runs() {
    return "a warm-up of at least "
        + warmup
        + " calls and "
        + warmupFrames
        + " frames, then "
        + iterations
        + " measured calls per batch size";
  }

  public String markdown() {
    StringBuilder out = new StringBuilder();
    out.append("### ")
        .append(plumbing ? "Plumbing (random-weight stand-in, not DenseDepth): " : "")
        .append(model)
        .append(" on ")
        .append(provider)
        .append(", ")
        .append(machine.date())
        .append("\n\n");
    out.append("```\n").append(command).append("\n```\n\n");
    out.append("- machine: ")
        .append(machine.cpuModel())
        .append(", ")
        .append(machine.cores())
        .append(" cores, ")
        .append(machine.os())
        .append('\n');
    out.append("- load average during the run: ")
        .append(machine.loadAverage())
        .append(contended() ? " (above the core count: figures are under contention)" : "")
        .append('\n');
    out.append("- ")
        .append(machine.jvm())
        .append(", ONNX Runtime ")
        .append(machine.onnxRuntimeVersion())
        .append(", provider ")
        .append(provider)
        .append(", intra-op threads ")
        .append(threadsText())
        .append('\n');
    out.append("- model input ")
        .append(inputSize)
        .append(", frames ")
        .append(frameSize)
        .append(", ")
        .append(runs())
        .append("\n\n");
    out.append(
        "| batch | frames/s | call p50 ms | call p95 ms | preprocess ms/frame | inference ms/frame | postprocess ms/frame | throughput vs batch 1 |\n");
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    BatchResult base = batches.get(0);
    for (BatchResult b : batches) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2fx |%n",
              b.batch(),
              b.framesPerSecond(),
              b.callMs().p50(),
              b.callMs().p95(),
              b.preprocessMs(),
              b.inferenceMs(),
              b.postprocessMs(),
              b.speedupOver(base)));
    }
    if (!codecs.isEmpty()) {
      out.append("\n| codec (one ")
          .append(frameSize)
          .append(" frame) | p50 ms | p95 ms | per second | bytes |\n");
      out.append("| --- | ---: | ---: | ---: | ---: |\n");
      for (CodecBench.CodecResult c : codecs) {
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %.2f | %.2f | %.1f | %d |%n",
                c.name(),
                c.ms().p50(),
                c.ms().p95(),
                1000.0 / c.ms().mean(),
                c.bytes()));
      }
    }
    return out.toString();
  }

  private String threadsText() {
    return intraOpThreads == 0 ? "ONNX Runtime's choice" : Integer.toString(intraOpThreads);
  }
}
