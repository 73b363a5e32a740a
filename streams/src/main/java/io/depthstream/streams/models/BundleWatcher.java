package io.depthstream.streams.models;

import io.depthstream.core.inference.ModelBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hot reload: watches the champion's bundle directory and, when its {@code model.json} names a new
 * version whose {@code model.onnx} matches the recorded sha256, opens it and swaps it in (the old
 * session closes after its last frame). A bundle still being copied fails its checksum and is tried
 * again at the next change, so a half-written file is never served. Polls rather than using a
 * WatchService, which misses changes on network and container volumes: {@code model.json} by its
 * content (a few kilobytes), {@code model.onnx} by its time and size. File times tick coarsely (a
 * few milliseconds on Linux), and a new version's {@code model.json} often has the old one's size,
 * so a rewrite within one tick of the last poll would otherwise never be seen.
 */
public final class BundleWatcher implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BundleWatcher.class);
  static final String ACTOR = "bundle-watcher";

  private final ModelCatalog catalog;
  private final Function<ModelBundle, ServingModel> opener;
  private ScheduledExecutorService scheduler;
  private FilesStamp lastSeen;

  public BundleWatcher(ModelCatalog catalog, Function<ModelBundle, ServingModel> opener) {
    this.catalog = catalog;
    this.opener = opener;
  }

  /**
   * The descriptor's text and the weights' time and size: a cheap test for "something changed". The
   * text is read as ISO-8859-1 so that any byte change is a change.
   */
  private record FilesStamp(Path directory, String json, long onnxTime, long onnxSize) {
    static FilesStamp of(Path directory) throws IOException {
      Path onnx = directory.resolve(ModelBundle.MODEL_FILE);
      return new FilesStamp(
          directory,
          Files.readString(
              directory.resolve(ModelBundle.DESCRIPTOR_FILE), StandardCharsets.ISO_8859_1),
          Files.getLastModifiedTime(onnx).toMillis(),
          Files.size(onnx));
    }
  }

  /** Checks every {@code interval} on a daemon thread; a zero interval turns the watcher off. */
  public synchronized void start(Duration interval) {
    if (interval.isZero() || interval.isNegative() || scheduler != null) {
      return;
    }
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "depthstream-bundle-watcher");
              t.setDaemon(true);
              return t;
            });
    long ms = interval.toMillis();
    scheduler.scheduleWithFixedDelay(this::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
    LOG.info(
        "watching the champion's bundle {} for new versions every {}",
        catalog.champion().bundle().directory(),
        interval);
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException e) {
      LOG.warn("bundle watcher: {}", e.toString());
    }
  }

  /**
   * One check: swaps in a new version of the champion's bundle if one is on disk and whole.
   *
   * @return the change, if a new version was loaded
   */
  public synchronized Optional<ModelChange> poll() {
    ServingModel champion = catalog.champion();
    Path directory = champion.bundle().directory();
    FilesStamp stamp;
    try {
      stamp = FilesStamp.of(directory);
    } catch (IOException e) {
      return Optional.empty(); // mid-copy: a file is missing for a moment
    }
    if (stamp.equals(lastSeen)) {
      return Optional.empty();
    }
    ModelBundle bundle;
    try {
      bundle = ModelBundle.load(directory);
    } catch (RuntimeException e) {
      lastSeen = stamp;
      LOG.warn(
          "the champion's bundle {} changed but does not load ({}); still serving {}. It is tried"
              + " again when its files change",
          directory,
          e.getMessage(),
          champion.bundle().label());
      return Optional.empty();
    }
    lastSeen = stamp;
    ModelBundle current = champion.bundle();
    if (!bundle.id().equals(current.id())) {
      LOG.warn(
          "{} now holds model '{}', not the champion '{}'; not swapped. To serve another model,"
              + " load it as a challenger and promote it",
          directory,
          bundle.id(),
          current.id());
      return Optional.empty();
    }
    if (bundle.version().equals(current.version())) {
      if (!bundle.sha256().equals(current.sha256())) {
        LOG.warn(
            "{}: model.onnx changed but model.json still says version {}; not swapped, so that"
                + " every depth map names the weights that made it. Bump \"version\"",
            directory,
            current.version());
      }
      return Optional.empty();
    }
    ServingModel next = opener.apply(bundle);
    String reason =
        "model.json version "
            + current.version()
            + " -> "
            + bundle.version()
            + ", sha256 "
            + shortHash(current.sha256())
            + " -> "
            + shortHash(bundle.sha256());
    return Optional.of(catalog.replaceChampion(next, ACTOR, reason));
  }

  private static String shortHash(String sha256) {
    return Objects.requireNonNull(sha256).substring(0, 12);
  }

  @Override
  public synchronized void close() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      scheduler = null;
    }
  }
}
