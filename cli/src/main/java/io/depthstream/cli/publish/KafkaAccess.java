package io.depthstream.cli.publish;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * How the fleet commands reach Kafka: the bootstrap address (option, else {@code
 * KAFKA_BOOTSTRAP_SERVERS}, else {@code localhost:9092}), a reachability check that fails with the
 * address and the fix rather than Kafka's endless reconnect warnings, and quieter client logs.
 */
public final class KafkaAccess {

  /** Where {@code ./depthstream serve} starts its broker. */
  public static final String DEFAULT_BOOTSTRAP = "localhost:9092";

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
   * Keeps Kafka's client INFO logs (config dumps, reconnect notices) out of a command's output;
   * must run before the first Kafka client is built.
   */
  public static void quietClientLogs() {
    System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
  }

  /** Admin client properties for {@code bootstrap}, failing fast when nobody answers. */
  public static Properties adminProperties(String bootstrap, Duration timeout) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.CLIENT_ID_CONFIG, "depthstream-cli-admin");
    return p;
  }

  /**
   * Waits up to {@code timeout} for the cluster at {@code bootstrap} to answer.
   *
   * @throws BrokerUnreachableException naming the address and the fix
   */
  public static void requireReachable(Admin admin, String bootstrap, Duration timeout) {
    try {
      admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BrokerUnreachableException(bootstrap, timeout, "interrupted");
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      throw new BrokerUnreachableException(bootstrap, timeout, cause.getClass().getSimpleName());
    }
  }
}
