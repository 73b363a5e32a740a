package io.depthstream.trainer.train;

import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import io.depthstream.trainer.model.TensorShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.autodiff.listeners.profiler.ProfilingListener;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a training step's op time goes: takes {@code steps} optimiser steps of the default model's
 * network and loss (densedepth-mini, 128×96, decoder 128, batch 8, {@code --loss densedepth}) on
 * one random batch with SameDiff's profiler attached, then prints each op type's time per step, its
 * share and its count, and the step's wall time. The optimiser is plain Adam and the BN momentum
 * 0.99, not the recipe's AMSGrad and 0.9: both run outside the graph, so the op table is the
 * recipe's, while the wall time includes Adam's update rather than AMSGrad's. A plain main, not a
 * test: it describes this machine, and it is how issue 14 found that half a step's op time went to
 * the backprop of batch norm's broadcast multiply ({@code multiply_bp}).
 *
 * <pre>
 * java -Xmx3g -cp "trainer/target/classes:trainer/target/test-classes:trainer/target/lib/*" \
 *     io.depthstream.trainer.train.TrainingStepProfile 4
 * </pre>
 */
public final class TrainingStepProfile {

  private static final Pattern EVENT =
      Pattern.compile("\"name\":\"([^\"]+)\",\"categories\":\\[\"Op\"\\].*?\"dur\":(\\d+)");

  private TrainingStepProfile() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    int steps = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    Nd4j.getEnvironment().setMaxMasterThreads(2);
    Nd4j.getEnvironment().setMaxThreads(2);
    ModelConfig config = new ModelConfig(Architecture.DENSEDEPTH_MINI, 128, 96, 128, 80);
    ModelParameters params = ModelParameters.initialise(config.network(), DataType.FLOAT, 11);
    Trainer trainer =
        new Trainer(
            config,
            params,
            TrainingLoss.of(LossKind.fromId("densedepth")),
            new AdamOptimizer(5e-4, 0.9, 0.999, 1e-7),
            0.99);
    Batch batch = randomBatch(config, 8);
    for (int i = 0; i < 3; i++) {
      trainer.step(batch); // warm-up: JIT, oneDNN primitives, the session's array cache
    }
    Path dir = Files.createTempDirectory("training-step-profile");
    Path trace = dir.resolve("trace.json"); // the profiler refuses a file that exists
    SameDiff sd = trainer.trainingGraph();
    sd.setListeners(ProfilingListener.builder(trace.toFile()).recordAll().warmup(0).build());
    long start = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      trainer.step(batch);
    }
    double wallMs = (System.nanoTime() - start) / 1e6 / steps;
    sd.setListeners();
    Thread.sleep(2000); // the profiler writes on its own thread
    Map<String, long[]> byOp = new TreeMap<>(); // op type -> {microseconds, count}
    Matcher m = EVENT.matcher(Files.readString(trace));
    while (m.find()) {
      long[] t = byOp.computeIfAbsent(m.group(1), k -> new long[2]);
      t[0] += Long.parseLong(m.group(2));
      t[1]++;
    }
    Files.delete(trace);
    Files.delete(dir);
    double totalMs = byOp.values().stream().mapToLong(t -> t[0]).sum() / 1e3 / steps;
    System.out.printf(
        Locale.ROOT,
        "%d profiled steps: %.0f ms a step, of which ops %.0f ms%n%-24s %10s %7s %8s%n",
        steps,
        wallMs,
        totalMs,
        "op",
        "ms/step",
        "share",
        "per step");
    byOp.entrySet().stream()
        .sorted(
            Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0]).reversed())
        .limit(15)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "%-24s %10.1f %6.1f%% %8d%n",
                    e.getKey(),
                    e.getValue()[0] / 1e3 / steps,
                    100 * e.getValue()[0] / 1e3 / steps / totalMs,
                    e.getValue()[1] / steps));
  }

  private static Batch randomBatch(ModelConfig config, int size) {
    Random random = new Random(1);
    float[] images = new float[size * Batch.CHANNELS * config.height() * config.width()];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    TensorShape out = config.outputShape();
    float[] depth = new float[size * (int) out.height() * (int) out.width()];
    for (int i = 0; i < depth.length; i++) {
      depth[i] = 1 + 20 * random.nextFloat();
    }
    return new Batch(
        size,
        config.height(),
        config.width(),
        images,
        (int) out.height(),
        (int) out.width(),
        depth);
  }
}
