package io.depthstream.cli.publish;

import io.depthstream.fleet.KafkaClientConfig;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * How the fleet commands reach Kafka: the bootstrap address (option, else {@code
 * KAFKA_BOOTSTRAP_SERVERS}, else {@code localhost:9092}), the client properties file of a secured
 * cluster ({@code --command-config}, else {@code DEPTHSTREAM_KAFKA_CONFIG}), a reachability check
 * that fails with the address and the fix rather than Kafka's endless reconnect warnings, and
 * quieter client logs.
 */
public final class KafkaAccess {

  /** Where {@code ./depthstream serve} starts its broker. */
  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

  /** The help text of every command's {@code --command-config}. */
  public static final String COMMAND_CONFIG_HELP =
      "Kafka client properties (security.protocol, ssl.*, sasl.*) for a cluster that needs TLS or"
          + " SASL. Default: $"
          + KafkaClientConfig.VARIABLE
          + ", else PLAINTEXT";

  private KafkaAccess() {}

  /** The option's value, else the environment's, else the default. */
  public static String bootstrap(String option) {
    if (option != null && !option.isBlank()) {
      return option.trim();
    }
    String env = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    return env != null && !env.isBlank() ? env.trim() : DEFAULT_BOOTSTRAP;
  }

  /**
   * The file of {@code --command-config}, else of {@code DEPTHSTREAM_KAFKA_CONFIG}, else none.
   *
   * @throws IllegalArgumentException naming the file, where it came from and the fix
   */
  public static KafkaClientConfig clientConfig(String option) {
    return KafkaClientConfig.resolve(option, System.getenv(KafkaClientConfig.VARIABLE));
  }

  /**
   * Keeps Kafka's client INFO logs (config dumps, reconnect notices) out of a command's output;
   * must run before the first Kafka client is built.
   */
  public static void quietClientLogs() {
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
  }

  /** Admin client properties for {@code bootstrap}, failing fast when nobody answers. */
  public static Properties adminProperties(String bootstrap, Duration timeout) {
    return adminProperties(bootstrap, timeout, KafkaClientConfig.none());
  }

  /** The same, with the security settings of {@code client}. */
  public static Properties adminProperties(
      String bootstrap, Duration timeout, KafkaClientConfig client) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "depthstream-cli-admin");
    return client.applyTo(p);
  }

  /**
   * Waits up to {@code timeout} for the cluster at {@code bootstrap} to answer.
   *
   * @throws BrokerUnreachableException naming the address, the protocol and the fix
   * @throws KafkaRefusedException when the cluster refused the client's credentials or certificate
   */
  public static void requireReachable(
      Admin admin, String bootstrap, Duration timeout, KafkaClientConfig client) {
    try {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnreachableException(client.noAnswer(bootstrap, timeout) + " (interrupted)");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      client
          .explainRefusal(bootstrap, cause)
          .ifPresent(
              refused -> {
                throw new KafkaRefusedException(refused);
              });
      throw new BrokerUnreachableException(
          client.noAnswer(bootstrap, timeout)
              + " To run a broker here: ./depthstream serve (it listens on "
              + DEFAULT_BOOTSTRAP
              + "); to use yours: --bootstrap-servers host:port or KAFKA_BOOTSTRAP_SERVERS");
    }
  }

  /**
   * The message for a Kafka client error outside the reachability check (a client that cannot be
   * built from its settings, a send refused later): what failed, scrubbed of secrets, and where to
   * look.
   */
  public static String explain(Exception failure, String bootstrap, KafkaClientConfig client) {
    return client
        .explainRefusal(bootstrap, failure)
        .orElseGet(
            () ->
                "Kafka client error with --bootstrap-servers "
                    + bootstrap
                    + ": "
                    + client.failureMessage(failure)
                    + "; check the address is host:port of a reachable broker"
                    + (client.isPresent() ? ", and the settings of " + client.origin() : ""));
  }
}
