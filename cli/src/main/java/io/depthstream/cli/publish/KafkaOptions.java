package io.depthstream.cli.publish;

import io.depthstream.fleet.KafkaClientConfig;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of every command that talks to Kafka ({@code publish}, {@code tail}), mixed in with
 * picocli's {@code @Mixin}: where the cluster is, the client properties of a secured one, and how
 * long to wait for it. Bad values are usage errors of the command that mixes them in.
 */
public final class KafkaOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  @Option(
      names = "--bootstrap-servers",
      description =
          "Kafka to connect to. Default: $KAFKA_BOOTSTRAP_SERVERS, else "
              + KafkaAccess.DEFAULT_BOOTSTRAP)
  String bootstrapServers;

  @Option(
      names = KafkaClientConfig.OPTION,
      paramLabel = "FILE",
      description = KafkaAccess.COMMAND_CONFIG_HELP)
  String commandConfig;

  @Option(
      names = "--connect-timeout",
      defaultValue = "10",
      paramLabel = "SECONDS",
      description =
          "How long to wait for the broker (and the topics a command reads) to answer. Default:"
              + " ${DEFAULT-VALUE}")
  int connectTimeoutSeconds;

  /** The option's address, else {@code KAFKA_BOOTSTRAP_SERVERS}, else the local default. */
  public String bootstrap() {
    return KafkaAccess.bootstrap(bootstrapServers);
  }

  /** The secured cluster's client settings, or none; a file that does not load is a usage error. */
  public KafkaClientConfig client() {
    try {
      return KafkaAccess.clientConfig(commandConfig);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(command.commandLine(), e.getMessage());
    }
  }

  /** {@code --connect-timeout}; below a second is a usage error. */
  public Duration connectTimeout() {
    if (connectTimeoutSeconds < 1) {
      throw new ParameterException(
          command.commandLine(),
          "--connect-timeout must be at least 1, got " + connectTimeoutSeconds);
    }
    return Duration.ofSeconds(connectTimeoutSeconds);
  }
}
