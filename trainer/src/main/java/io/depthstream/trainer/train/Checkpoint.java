package io.depthstream.trainer.train;

import static java.util.stream.Collectors.joining;

import io.depthstream.trainer.model.Architecture;
import io.depthstream.trainer.model.DepthHead;
import io.depthstream.trainer.model.ModelConfig;
import io.depthstream.trainer.model.ModelParameters;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A training run frozen at one step: model configuration, parameters (BN running statistics
 * included), Adam state, where in which epoch it stopped, and its provenance. Stored as a zip with
 * {@code checkpoint.properties} and {@code tensors.bin} (name, shape and little-endian float32 data
 * per tensor), written to a temporary file and moved into place so a crash never leaves half a
 * checkpoint.
 *
 * @param optimizer the optimiser whose state {@code optimiserState} is
 * @param step optimiser steps taken
 * @param epoch the epoch in progress (0-based)
 * @param batchInEpoch batches of that epoch already trained on
 * @param batchSize images per batch, the unit of {@code batchInEpoch} (0 in checkpoints written
 *     before it was recorded)
 * @param metrics latest validation metrics by name (may be empty)
 */
public record Checkpoint(
    ModelConfig config,
    TrainingLoss loss,
    OptimizerKind optimizer,
    LearningRateSchedule learningRate,
    long step,
    int epoch,
    int batchInEpoch,
    int batchSize,
    String dataset,
    String command,
    double trainingSeconds,
    Map<String, Double> metrics,
    ModelParameters parameters,
    Map<String, INDArray> optimiserState) {

  private static final String PROPERTIES = "checkpoint.properties";
  private static final String TENSORS = "tensors.bin";
  private static final int FORMAT = 1;

  public Checkpoint {
    metrics = new TreeMap<>(metrics);
  }

  /** Writes the checkpoint to {@code file} atomically. */
  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path temporary = dir.resolve(file.getFileName() + ".tmp");
    try (OutputStream raw = Files.newOutputStream(temporary);
        ZipOutputStream zip = new ZipOutputStream(new BufferedOutputStream(raw))) {
      zip.putNextEntry(new ZipEntry(PROPERTIES));
      zip.write(properties().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry(TENSORS));
      DataOutputStream out = new DataOutputStream(zip);
      Map<String, INDArray> all = new LinkedHashMap<>();
      parameters.asMap().forEach((k, v) -> all.put("param/" + k, v));
      optimiserState.forEach((k, v) -> all.put("adam/" + k, v));
      out.writeInt(all.size());
      for (Map.Entry<String, INDArray> e : all.entrySet()) {
        writeTensor(out, e.getKey(), e.getValue());
      }
      out.flush();
      zip.closeEntry();
    } catch (IOException e) {
      Files.deleteIfExists(temporary);
      throw e;
    }
    Files.move(
        temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private String properties() {
    Properties p = new Properties();
    p.setProperty("format", Integer.toString(FORMAT));
    p.setProperty("architecture", config.architecture().id());
    p.setProperty("decoderWidth", Integer.toString(config.decoderWidth()));
    if (config.refineWidth() > 0) {
      p.setProperty("refineWidth", Integer.toString(config.refineWidth()));
    }
    p.setProperty("height", Integer.toString(config.height()));
    p.setProperty("width", Integer.toString(config.width()));
    p.setProperty("maxDepth", Double.toString(config.maxDepth()));
    p.setProperty("head", config.head().id());
    if (config.head().isClassification()) {
      // derived from maxDepth, written out so a reader sees the bins without knowing the rule
      p.setProperty("binsAlpha", Double.toString(config.bins().alpha()));
      p.setProperty("binsBeta", Double.toString(config.bins().beta()));
    }
    p.setProperty("loss", loss.kind().id());
    if (!loss.defaultWeights()) {
      p.setProperty("metricWeight", Double.toString(loss.metricWeight()));
    }
    p.setProperty("optimizer", optimizer.id());
    p.setProperty("learningRate", Double.toString(learningRate.base()));
    if (learningRate.warmupSteps() > 0) {
      p.setProperty("learningRateWarmupSteps", Long.toString(learningRate.warmupSteps()));
    }
    if (!learningRate.decaySteps().isEmpty()) {
      p.setProperty(
          "learningRateDecaySteps",
          learningRate.decaySteps().stream().map(String::valueOf).collect(joining(",")));
      p.setProperty("learningRateDecay", Double.toString(learningRate.factor()));
    }
    p.setProperty("step", Long.toString(step));
    p.setProperty("epoch", Integer.toString(epoch));
    p.setProperty("batchInEpoch", Integer.toString(batchInEpoch));
    if (batchSize > 0) {
      p.setProperty("batchSize", Integer.toString(batchSize));
    }
    p.setProperty("dataset", dataset);
    p.setProperty("command", command);
    p.setProperty("trainingSeconds", Double.toString(trainingSeconds));
    metrics.forEach((k, v) -> p.setProperty("metric." + k, Double.toString(v)));
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    try {
      p.store(text, "depthstream training checkpoint");
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    return text.toString(StandardCharsets.UTF_8);
  }

  private static void writeTensor(DataOutputStream out, String name, INDArray array)
      throws IOException {
    out.writeUTF(name);
    long[] shape = array.shape();
    out.writeInt(shape.length);
    for (long d : shape) {
      out.writeLong(d);
    }
    float[] data = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
    ByteBuffer buf = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    buf.asFloatBuffer().put(data);
    out.write(buf.array());
  }

  /**
   * Reads a checkpoint written by {@link #write}.
   *
   * @throws IOException naming the file when it is missing or not a depthstream checkpoint
   */
  public static Checkpoint read(Path file) throws IOException {
    Properties p = null;
    Map<String, INDArray> tensors = null;
    try (InputStream raw = Files.newInputStream(file);
        ZipInputStream zip = new ZipInputStream(new BufferedInputStream(raw))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        if (e.getName().equals(PROPERTIES)) {
          p = new Properties();
          p.load(new ByteArrayInputStream(zip.readAllBytes()));
        } else if (e.getName().equals(TENSORS)) {
          tensors = readTensors(new DataInputStream(zip));
        }
      }
    } catch (NoSuchFileException e) {
      throw new IOException("checkpoint " + file + " not found; pass a file written by train", e);
    }
    if (p == null || tensors == null) {
      throw new IOException(
          file + " is not a depthstream checkpoint (needs " + PROPERTIES + " and " + TENSORS + ")");
    }
    try {
      return fromParts(p, tensors);
    } catch (RuntimeException e) {
      throw new IOException("checkpoint " + file + " is unusable: " + e.getMessage(), e);
    }
  }

  private static Checkpoint fromParts(Properties p, Map<String, INDArray> tensors) {
    ModelConfig config =
        new ModelConfig(
            Architecture.fromId(p.getProperty("architecture")),
            Integer.parseInt(p.getProperty("decoderWidth")),
            Integer.parseInt(p.getProperty("height")),
            Integer.parseInt(p.getProperty("width")),
            Double.parseDouble(p.getProperty("maxDepth")),
            // checkpoints from before classification heads are regressions
            DepthHead.parse(p.getProperty("head", "regression"), DepthHead.DEFAULT_BINS),
            // and those from before the refinement stage have none
            Integer.parseInt(p.getProperty("refineWidth", "0")));
    Map<String, INDArray> params = new LinkedHashMap<>();
    Map<String, INDArray> adam = new LinkedHashMap<>();
    tensors.forEach(
        (k, v) -> {
          if (k.startsWith("param/")) {
            params.put(k.substring("param/".length()), v);
          } else if (k.startsWith("adam/")) {
            adam.put(k.substring("adam/".length()), v);
          }
        });
    Map<String, Double> metrics = new TreeMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith("metric.")) {
        metrics.put(key.substring("metric.".length()), Double.parseDouble(p.getProperty(key)));
      }
    }
    return new Checkpoint(
        config,
        // checkpoints from before --metric-weight, and runs without it, have the default weight
        new TrainingLoss(
            LossKind.fromId(p.getProperty("loss")),
            Double.parseDouble(
                p.getProperty("metricWeight", Double.toString(DepthLoss.METRIC_WEIGHT)))),
        // checkpoints from before --optimizer were all plain Adam
        OptimizerKind.fromId(p.getProperty("optimizer", OptimizerKind.ADAM.id())),
        learningRate(p),
        Long.parseLong(p.getProperty("step")),
        Integer.parseInt(p.getProperty("epoch")),
        Integer.parseInt(p.getProperty("batchInEpoch")),
        Integer.parseInt(p.getProperty("batchSize", "0")),
        p.getProperty("dataset", ""),
        p.getProperty("command", ""),
        Double.parseDouble(p.getProperty("trainingSeconds", "0")),
        metrics,
        ModelParameters.of(config.network(), params),
        adam);
  }

  /**
   * Checkpoints from before schedules, and runs without decays, have a constant rate; those from
   * before warm-ups, and runs without one, have none.
   */
  private static LearningRateSchedule learningRate(Properties p) {
    double base = Double.parseDouble(p.getProperty("learningRate"));
    long warmup = Long.parseLong(p.getProperty("learningRateWarmupSteps", "0"));
    String steps = p.getProperty("learningRateDecaySteps", "");
    List<Long> decays =
        steps.isBlank()
            ? List.of()
            : Arrays.stream(steps.split(",")).map(String::trim).map(Long::valueOf).toList();
    double factor = decays.isEmpty() ? 1 : Double.parseDouble(p.getProperty("learningRateDecay"));
    return new LearningRateSchedule(base, decays, factor, warmup);
  }

  private static Map<String, INDArray> readTensors(DataInputStream in) throws IOException {
    int count = in.readInt();
    Map<String, INDArray> out = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      String name = in.readUTF();
      int rank = in.readInt();
      long[] shape = new long[rank];
      long length = 1;
      for (int d = 0; d < rank; d++) {
        shape[d] = in.readLong();
        length *= shape[d];
      }
      byte[] bytes = new byte[Math.toIntExact(length * 4)];
      in.readFully(bytes);
      float[] data = new float[(int) length];
      ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
      out.put(name, Nd4j.create(data, shape, DataType.FLOAT));
    }
    return out;
  }
}
