package io.depthstream.streams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One instance of the depth service in a JVM of its own ({@link ServiceProcessMain}), its output in
 * a log file (a file, not a pipe, so it never blocks the child when nobody reads): started,
 * followed through the states it reports, and killed the way a machine dies (SIGKILL: no shutdown
 * hook, no clean close, no last commit). Closing it kills it too, so a failing test leaves no
 * process behind.
 */
final class ServiceProcess implements AutoCloseable {

  private static final long POLL_MS = 100;
  private static final int TAIL_LINES = 40;

  private final String name;
  private final Process process;
  private final Path log;
  private final long startedNanos;

  private ServiceProcess(String name, Process process, Path log, long startedNanos) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.startedNanos = startedNanos;
  }

  /**
   * Starts an instance of application {@code applicationId} on {@code stateDir}, writing its output
   * to {@code logDir/name.log}.
   */
  static ServiceProcess start(
      String name,
      String bootstrapServers,
      String applicationId,
      Path stateDir,
      Path modelBundle,
      Path logDir,
      Map<String, String> overrides)
      throws IOException {
    Files.createDirectories(logDir);
    Path log = logDir.resolve(name + ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small and quick to start: two of these share two cores with broker and test.
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
                ServiceProcessMain.class.getName(),
                bootstrapServers,
                applicationId,
                stateDir.toString(),
                modelBundle.toString()));
    overrides.forEach((key, value) -> command.add(key + "=" + value));
    long started = System.nanoTime();
    // Standard input stays a pipe: the child exits when it closes, that is when this JVM dies.
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    // Not -cp: ONNX Runtime 1.29 crashes (SIGSEGV) opening its environment in a JVM whose command
    // line is longer than about 4000 bytes, and this class path is some 29000.
    builder.environment().put("CLASSPATH", System.getProperty("java.class.path"));
    Process process = builder.start();
    return new ServiceProcess(name, process, log, started);
  }

  String name() {
    return name;
  }

  /** Waits until the instance first reports RUNNING; returns how long after its start that was. */
  Duration awaitRunning(Duration deadline) {
    awaitPartitions(partitions -> true, deadline);
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /**
   * Waits until the instance is RUNNING with active tasks whose input partitions satisfy {@code
   * wanted}; returns those partitions.
   */
  Set<String> awaitPartitions(Predicate<Set<String>> wanted, Duration deadline) {
    long end = System.nanoTime() + deadline.toNanos();
    while (true) {
      Optional<Set<String>> running = runningPartitions();
      if (running.isPresent() && wanted.test(running.get())) {
        return running.get();
      }
      requireAlive();
      if (System.nanoTime() > end) {
        throw new IllegalStateException(
            name
                + " did not reach the wanted assignment in "
                + deadline
                + "; its output ends:\n"
                + logTail());
      }
      sleep(POLL_MS);
    }
  }

  /**
   * The input partitions (topic-partition) of its active tasks, if the last state it reported is
   * RUNNING; empty while it starts or rebalances.
   */
  Optional<Set<String>> runningPartitions() {
    String last = null;
    for (String line : lines()) {
      if (line.startsWith(ServiceProcessMain.STATE_PREFIX)) {
        last = line;
      }
    }
    String running =
        ServiceProcessMain.STATE_PREFIX + "RUNNING" + ServiceProcessMain.PARTITIONS_FIELD;
    if (last == null || !last.startsWith(running)) {
      return Optional.empty();
    }
    String listed = last.substring(running.length()).trim();
    return Optional.of(
        listed.isEmpty() ? Set.of() : new TreeSet<>(Arrays.asList(listed.split(","))));
  }

  /** Throws, with the end of its output, if the instance is no longer running. */
  void requireAlive() {
    if (!process.isAlive()) {
      throw new IllegalStateException(
          name + " exited with " + process.exitValue() + "; its output ends:\n" + logTail());
    }
  }

  /** Kills the JVM with SIGKILL and waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException(name + " (pid " + process.pid() + ") survived SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name, e);
    }
  }

  /** Its ERROR lines, each with the line after it (the exception), for failure messages. */
  String errors() {
    List<String> lines = lines();
    StringBuilder errors = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(" ERROR ")) {
        errors.append(lines.get(i)).append('\n');
        if (i + 1 < lines.size()) {
          errors.append(lines.get(i + 1)).append('\n');
        }
      }
    }
    return errors.toString();
  }

  /** The last lines of its output, for failure messages. */
  String logTail() {
    List<String> lines = lines();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }

  private List<String> lines() {
    try {
      // Decoded leniently: a partial last line or a stray byte must not fail the read.
      return new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the output of " + name + " in " + log, e);
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
