package io.depthstream.streams.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of the packaged service ({@code quarkus-app/quarkus-run.jar}) as a container image runs
 * it: {@code java -jar quarkus-run.jar} in the package's folder (the images' WORKDIR), as an {@link
 * UnprivilegedUser}, with a cleared environment plus the settings given, its own {@link Folders}
 * for state and java.io.tmpdir, and its output in a log file. Closing it stops it as a container
 * stop does (SIGTERM, then SIGKILL), child processes included.
 */
final class PackagedService implements AutoCloseable {

  private static final int LOG_TAIL_LINES = 60;

  /**
   * The folders of one run, under a root the service's user may pass through: its state directory
   * and temporary folder (the images' DEPTHSTREAM_STATE_DIR and /tmp volumes), that user's alone;
   * the log, written by the test.
   */
  record Folders(Path root) {

    static Folders create(Path root, UnprivilegedUser user) throws IOException {
      // @TempDir is the test user's alone (rwx------): let the service's user through.
      Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
      Folders folders = new Folders(root);
      for (Path own : List.of(folders.state(), folders.tmp())) {
        Files.createDirectories(own);
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
        user.own(own);
      }
      return folders;
    }

    Path state() {
      return root.resolve("state");
    }

    Path tmp() {
      return root.resolve("tmp");
    }

    Path log() {
      return root.resolve("service.log");
    }
  }

  private final Process process;
  private final Folders folders;
  private final UnprivilegedUser user;
  private final int port;

  private PackagedService(Process process, Folders folders, UnprivilegedUser user, int port) {
    this.process = process;
    this.folders = folders;
    this.user = user;
    this.port = port;
  }

  /** Starts the package in {@code app} with {@code settings} on top of the images' own. */
  static PackagedService start(
      Path app, Folders folders, UnprivilegedUser user, Map<String, String> settings)
      throws IOException {
    List<String> java =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // The images' JAVA_OPTS, and a small quick JVM: it shares two cores with the broker.
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // What /tmp is in the container: the one writable scratch folder.
            "-Djava.io.tmpdir=" + folders.tmp(),
            // The JVM's perf data goes to /tmp/hsperfdata_<user> whatever java.io.tmpdir says;
            // in the container /tmp is the volume above, here it would litter the host's /tmp.
            "-XX:-UsePerfData",
            "-jar",
            app.resolve("quarkus-run.jar").toString());
    ProcessBuilder builder =
        new ProcessBuilder(user.command(java))
            .directory(app.toFile())
            .redirectErrorStream(true)
            .redirectOutput(folders.log().toFile());
    int port = freePort();
    Map<String, String> env = builder.environment();
    env.clear();
    env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
    // Docker's HOME for a uid without a passwd entry; the service must not need one.
    env.put("HOME", "/");
    // As the images set them (Dockerfile ENV).
    env.put("DEPTHSTREAM_EMBEDDED_KAFKA_ENABLED", "false");
    env.put("DEPTHSTREAM_STATE_DIR", folders.state().toString());
    env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
    env.putAll(settings);
    return new PackagedService(builder.start(), folders, user, port);
  }

  /** Waits for 200 from /q/health/ready; fails with the log's tail when the service exits. */
  void awaitReady(Duration deadline) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long end = System.nanoTime() + deadline.toNanos();
    String last = "no answer";
    while (System.nanoTime() < end) {
      if (!process.isAlive()) {
        throw new AssertionError(
            "the packaged service, run as "
                + user.description()
                + ", exited with status "
                + process.exitValue()
                + " before it was ready; its log ends:\n"
                + logTail());
      }
      try {
        HttpResponse<String> answer = http.send(ready, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() == 200) {
          return;
        }
        last = answer.statusCode() + " " + answer.body();
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "the packaged service was not ready within "
            + deadline
            + " (last answer: "
            + last
            + "); its log ends:\n"
            + logTail());
  }

  /** The last lines of its output, for failure messages. */
  String logTail() {
    try {
      List<String> lines =
          new String(Files.readAllBytes(folders.log()), StandardCharsets.UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** Everything it printed. */
  String log() throws IOException {
    return Files.readString(folders.log(), StandardCharsets.UTF_8);
  }

  /** SIGTERM as a container stop sends, then SIGKILL; runuser's child too. */
  @Override
  public void close() {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.add(process.toHandle());
    tree.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        tree.forEach(ProcessHandle::destroyForcibly);
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
