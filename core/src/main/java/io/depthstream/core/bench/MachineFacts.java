package io.depthstream.core.bench;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * What a benchmark figure depends on besides the code: the CPU, the cores this JVM may use, the
 * JVM, the ONNX Runtime version, the load on the machine while it ran and when it ran. Read from
 * {@code /proc} where there is one. Printed with every figure of {@code ./depthstream bench} and
 * {@code bench --pipeline}.
 *
 * @param loadAverage the 1, 5 and 15 minute load averages from /proc/loadavg, or "unknown"
 */
public record MachineFacts(
    String cpuModel,
    int cores,
    String jvm,
    String os,
    String onnxRuntimeVersion,
    String loadAverage,
    Instant date) {

  /** The facts of this machine, now. */
  public static MachineFacts here() {
    return new MachineFacts(
        readCpuModel(),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version", System.getProperty("java.version")),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"),
        OrtEnvironment.getEnvironment().getVersion(),
        readLoadAverage(),
        Instant.now().truncatedTo(ChronoUnit.SECONDS));
  }

  /** True when the 1-minute load average was above the core count: figures under contention. */
  public boolean contended() {
    try {
      return Double.parseDouble(loadAverage.split(" ")[0]) > cores;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  /**
   * The "machine:", "load:" and "runtime:" lines every bench report prints under its title, each
   * ending in a newline.
   *
   * @param loadNote what the load figures are, e.g. "1/5/15 min"
   * @param provider the ONNX Runtime execution provider the figures ran on
   * @param intraOpThreads how ONNX Runtime's intra-op threads were set, as text
   */
  public String reportLines(String loadNote, String provider, String intraOpThreads) {
    return "machine:  "
        + cpuModel
        + ", "
        + cores
        + " cores, "
        + os
        + "\n"
        + "load:     "
        + loadAverage
        + " ("
        + loadNote
        + ")"
        + (contended() ? "  -- busier than its cores: figures are under contention" : "")
        + "\n"
        + "runtime:  "
        + jvm
        + ", ONNX Runtime "
        + onnxRuntimeVersion
        + ", provider "
        + provider
        + ", intra-op threads "
        + intraOpThreads
        + "\n";
  }

  static String readCpuModel() {
    String text = read(Path.of("/proc/cpuinfo"));
    for (String line : text.split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return System.getProperty("os.arch") + " (model unknown)";
  }

  static String readLoadAverage() {
    String[] parts = read(Path.of("/proc/loadavg")).trim().split("\\s+");
    return parts.length >= 3 ? parts[0] + " " + parts[1] + " " + parts[2] : "unknown";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
