package io.depthstream.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How an {@link EmbeddedKafkaBroker} runs: where it listens, where it keeps its logs, and how large
 * a record it accepts.
 *
 * @param port the client port on localhost; 0 picks a free one
 * @param dataDir the directory that holds the KRaft metadata log and the topic logs; formatted on
 *     first use and reused after that, so a broker restarted on the same directory keeps its
 *     topics, offsets and transactions
 * @param deleteOnClose whether {@link EmbeddedKafkaBroker#close()} removes {@code dataDir}
 * @param maxMessageBytes the largest record batch the broker accepts ({@code message.max.bytes}); a
 *     float32 640×480 depth map is 1.2 MB, over Kafka's 1 MB default
 * @param securedListeners TLS listeners opened beside the PLAINTEXT one, each on a free port; none
 *     for `serve`, whose broker is for this machine only
 */
public record BrokerSettings(
    int port,
    Path dataDir,
    boolean deleteOnClose,
    int maxMessageBytes,
    List<SecuredListener> securedListeners) {

  /** The port `serve` listens on unless told otherwise: Kafka's usual one. */
  public static final int DEFAULT_PORT = 9092;

  /** 16 MiB: room for raw RGB8 frames and float depth maps well past 640×480. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

  /** Kafka refuses batches smaller than this; the broker's own records must fit. */
  private static final int MIN_MAX_MESSAGE_BYTES = 1024 * 1024;

  public BrokerSettings {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException(
          "broker port " + port + " is not a TCP port: use 1-65535, or 0 for a free one");
    }
    if (dataDir == null) {
      throw new IllegalArgumentException("broker data directory is missing: name one");
    }
    if (maxMessageBytes < MIN_MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "broker max message bytes "
              + maxMessageBytes
              + " is below Kafka's 1 MiB default; use at least "
              + MIN_MAX_MESSAGE_BYTES);
    }
    dataDir = dataDir.toAbsolutePath().normalize();
    securedListeners = List.copyOf(securedListeners);
    if (securedListeners.stream().map(SecuredListener::name).distinct().count()
        < securedListeners.size()) {
      throw new IllegalArgumentException(
          "secured listeners " + securedListeners + " repeat a name; give each its own");
    }
  }

  /** Settings with the PLAINTEXT listener only. */
  public BrokerSettings(int port, Path dataDir, boolean deleteOnClose, int maxMessageBytes) {
    this(port, dataDir, deleteOnClose, maxMessageBytes, List.of());
  }

  /** A throw-away broker for tests: a free port, a fresh temporary directory removed on close. */
  public static BrokerSettings ephemeral() {
    try {
      return new BrokerSettings(
          0, Files.createTempDirectory("depthstream-kafka-"), true, DEFAULT_MAX_MESSAGE_BYTES);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for the broker", e);
    }
  }

  /** A broker that keeps its data in {@code dataDir} across runs, as `serve` uses it. */
  public static BrokerSettings persistent(int port, Path dataDir) {
    return new BrokerSettings(port, dataDir, false, DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** The same settings with another record size limit. */
  public BrokerSettings withMaxMessageBytes(int bytes) {
    return new BrokerSettings(port, dataDir, deleteOnClose, bytes, securedListeners);
  }

  /** The same settings with one more secured listener. */
  public BrokerSettings withSecuredListener(SecuredListener listener) {
    List<SecuredListener> more = new ArrayList<>(securedListeners);
    more.add(listener);
    return new BrokerSettings(port, dataDir, deleteOnClose, maxMessageBytes, more);
  }
}
