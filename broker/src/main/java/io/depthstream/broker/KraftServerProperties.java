package io.depthstream.broker;

import java.util.Locale;
import java.util.Map;
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

  /** The JAAS entry a SCRAM listener's broker side needs: no credentials, they live in KRaft. */
  private static final String SCRAM_SERVER_JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required;";

  /**
   * The properties for a node that serves clients on {@code clientPort} and runs its one-voter
   * quorum on {@code controllerPort}, both on localhost only.
   */
  static Properties of(BrokerSettings settings, int clientPort, int controllerPort) {
    return of(settings, clientPort, controllerPort, Map.of());
  }

  /**
   * The same, plus each of the settings' secured listeners on its port in {@code securedPorts}
   * (keyed by listener name).
   */
  static Properties of(
      BrokerSettings settings,
      int clientPort,
      int controllerPort,
      Map<String, Integer> securedPorts) {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put("controller.listener.names", CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", CLIENT_LISTENER);
    StringBuilder listeners = new StringBuilder(address(CLIENT_LISTENER, clientPort));
    listeners.append(',').append(address(CONTROLLER_LISTENER, controllerPort));
    StringBuilder advertised = new StringBuilder(address(CLIENT_LISTENER, clientPort));
    StringBuilder protocols =
        new StringBuilder(CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
    for (SecuredListener secured : settings.securedListeners()) {
      Integer port = securedPorts.get(secured.name());
      if (port == null) {
        throw new IllegalArgumentException("no port for secured listener " + secured.name());
      }
      listeners.append(',').append(address(secured.name(), port));
      advertised.append(',').append(address(secured.name(), port));
      protocols
          .append(',')
          .append(secured.name())
          .append(':')
          .append(secured.authentication().securityProtocol());
      putSecured(p, secured);
    }
    p.put("listeners", listeners.toString());
    p.put("advertised.listeners", advertised.toString());
    p.put("listener.security.protocol.map", protocols.toString());
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
    // A transaction left open by a killed instance is aborted once transaction.timeout.ms has run
    // out, but the broker only looks every 10 s by default: a restart without its state waited up
    // to timeout + 10 s (8.7-19.5 s measured with the service's 10 s timeout). Look every second.
    p.put("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000");

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

  private static String address(String listener, int port) {
    return listener + "://" + HOST + ":" + port;
  }

  /** TLS stores and authentication of one secured listener, scoped to it by name. */
  private static void putSecured(Properties p, SecuredListener secured) {
    String prefix = "listener.name." + secured.name().toLowerCase(Locale.ROOT) + ".";
    p.put(prefix + "ssl.keystore.type", "PKCS12");
    p.put(prefix + "ssl.keystore.location", secured.keystore().toString());
    p.put(prefix + "ssl.keystore.password", secured.password());
    p.put(prefix + "ssl.key.password", secured.password());
    p.put(prefix + "ssl.truststore.type", "PKCS12");
    p.put(prefix + "ssl.truststore.location", secured.truststore().toString());
    p.put(prefix + "ssl.truststore.password", secured.password());
    switch (secured.authentication()) {
      case SCRAM_SHA_512 -> {
        p.put(prefix + "sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put(prefix + "scram-sha-512.sasl.jaas.config", SCRAM_SERVER_JAAS);
      }
      case CLIENT_CERTIFICATE -> p.put(prefix + "ssl.client.auth", "required");
    }
  }
}
