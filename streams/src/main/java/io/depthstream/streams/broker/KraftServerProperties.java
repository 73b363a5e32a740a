package io.depthstream.streams.broker;

import java.util.Properties;

/**
 * The server configuration of a single-node KRaft Kafka: one process that is both broker and
 * controller, sized for one machine, with every internal topic at one replica so transactions (and
 * so Kafka Streams' {@code exactly_once_v2}) work without a cluster.
 */
final class KraftServerProperties {

  static final int NODE_ID = 1;
  static final String CLIENT_LISTENER = "PLAINTEXT";
  static final String CONTROLLER_LISTENER = "CONTROLLER";
  static final String HOST = "localhost";

  /** Internal topics on one node need few partitions; 50 (Kafka's default) slows first use. */
  private static final int INTERNAL_TOPIC_PARTITIONS = 5;

  /** Kafka's default cleaner buffer is 128 MiB of heap; compacted topics here are small. */
  private static final int CLEANER_DEDUPE_BUFFER_BYTES = 8 * 1024 * 1024;

  private KraftServerProperties() {}

  /**
   * The properties for a node that serves clients on {@code clientPort} and runs its one-voter
   * quorum on {@code controllerPort}, both on localhost only.
   */
  static Properties of(BrokerSettings settings, int clientPort, int controllerPort) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", CLIENT_LISTENER);
    p.put(
        "listeners",
        CLIENT_LISTENER
            + "://"
            + HOST
            + ":"
            + clientPort
            + ","
            + CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
    p.put(
        "listener.security.protocol.map",
        CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    p.put("log.dirs", settings.dataDir().toString());

    // One node: every replicated internal topic must make do with one replica.
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", Integer.toString(INTERNAL_TOPIC_PARTITIONS));
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");

    // A lone Streams instance should not wait 3 s for group members that never come.
    p.put("group.initial.rebalance.delay.ms", "0");

    String maxBytes = Integer.toString(settings.maxMessageBytes());
    p.put("message.max.bytes", maxBytes);
    p.put("replica.fetch.max.bytes", maxBytes);

    // Sized for a laptop or a CI box shared with the service itself.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "4");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(CLEANER_DEDUPE_BUFFER_BYTES));
    return p;
  }
}
