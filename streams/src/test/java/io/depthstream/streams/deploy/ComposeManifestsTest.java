package io.depthstream.streams.deploy;

import io.depthstream.broker.TopicSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml against the service: its containers run the service as configured, its Kafka
 * is KRaft at the clients' version with the service's topics, and its fleet publishes to them.
 */
class ComposeManifestsTest extends DeploymentFixture {

  @Test
  void composeServiceContainersMatchTheApplication() {
    Problems problems = new Problems();
    Map<String, Map<String, Object>> apps = images.composeApps();
    problems.check(
        !apps.isEmpty(),
        ComposeProject.FILE,
        "no service is built from a Dockerfile target that runs the depth service");
    problems.check(
        apps.keySet().stream()
            .anyMatch(
                n ->
                    !images.gpuBuild(images.target(apps.get(n)))
                        && compose.profiles(apps.get(n)).isEmpty()),
        ComposeProject.FILE,
        "the CPU service should start by default (no profile)");
    problems.check(
        apps.keySet().stream()
            .anyMatch(
                n ->
                    images.gpuBuild(images.target(apps.get(n)))
                        && !compose.profiles(apps.get(n)).isEmpty()),
        ComposeProject.FILE,
        "a GPU variant of the service (Dockerfile target built with -Pgpu) should exist under a"
            + " compose profile");
    apps.forEach(
        (name, service) -> {
          String where = ComposeProject.FILE + " service " + name;
          String stage = images.target(service);
          Map<String, String> env =
              images.withImageEnvironment(stage, compose.environment(service));
          containers.checkEnvironmentNames(
              problems, where, stage, compose.environment(service).keySet());
          ContainerSettings settings = ContainerSettings.of(env);
          containers.checkEffectiveSettings(problems, where, env, settings);
          problems.check(
              compose.containerPorts(service).contains(settings.httpPort()),
              where,
              "publishes container ports "
                  + compose.containerPorts(service)
                  + ", not the HTTP port "
                  + settings.httpPort());
          compose.checkBootstrap(problems, where, env.get("KAFKA_BOOTSTRAP_SERVERS"));
          String health = String.valueOf(Nodes.at(service, "healthcheck", "test"));
          problems.check(
              health.contains(settings.readinessPath()) || health.contains(settings.livenessPath()),
              where,
              "healthcheck "
                  + health
                  + " probes neither "
                  + settings.readinessPath()
                  + " nor "
                  + settings.livenessPath());
          String bundle = settings.service().model().bundle().toString();
          problems.check(
              compose.bindMounts(service).values().stream()
                  .anyMatch(t -> bundle.startsWith(t + "/")),
              where,
              "model bundle "
                  + bundle
                  + " is not under any mounted folder "
                  + compose.bindMounts(service).values());
          boolean reservesGpu =
              String.valueOf(Nodes.at(service, "deploy", "resources", "reservations", "devices"))
                  .contains("gpu");
          String device = settings.value("depthstream.model.device").orElse("");
          if (images.gpuBuild(stage)) {
            problems.check(
                reservesGpu,
                where,
                "runs the GPU image but reserves no GPU (deploy.resources.reservations.devices"
                    + " capabilities [gpu])");
            problems.check(
                !device.equals("CPU"),
                where,
                "runs the GPU image with depthstream.model.device=CPU");
          } else {
            problems.check(
                !reservesGpu, where, "reserves a GPU for the CPU image (target " + stage + ")");
            problems.check(
                !device.equals("CUDA"),
                where,
                "asks for CUDA from the CPU image (target " + stage + "); it would fail at start");
          }
        });
    problems.assertNone(ComposeProject.FILE + " service containers");
  }

  @Test
  void composeKafkaIsKraftWithTheClientsVersionAndTheServiceTopics() {
    Problems problems = new Problems();
    Map<String, Map<String, Object>> brokers = compose.brokers();
    problems.check(
        brokers.size() == 1,
        ComposeProject.FILE,
        "expected one apache/kafka broker service, found " + brokers.keySet());
    String version = AppInfoParser.getVersion();
    brokers.forEach(
        (name, broker) -> {
          String where = ComposeProject.FILE + " service " + name;
          Map<String, String> env = compose.environment(broker);
          problems.check(
              compose.image(broker).orElse("").equals("apache/kafka:" + version),
              where,
              "image "
                  + compose.image(broker).orElse("")
                  + ", but the service is built with Kafka clients "
                  + version
                  + " (apache/kafka:"
                  + version
                  + ")");
          problems.check(
              env.getOrDefault("KAFKA_PROCESS_ROLES", "").contains("controller"),
              where,
              "KAFKA_PROCESS_ROLES should include controller (KRaft, no ZooKeeper)");
          long brokerLimit = Long.parseLong(env.getOrDefault("KAFKA_MESSAGE_MAX_BYTES", "1048588"));
          for (TopicSpec spec : defaults.topicSpecs()) {
            long topicLimit = Long.parseLong(spec.configs().getOrDefault("max.message.bytes", "0"));
            problems.check(
                brokerLimit >= topicLimit,
                where,
                "KAFKA_MESSAGE_MAX_BYTES "
                    + brokerLimit
                    + " is below topic "
                    + spec.name()
                    + "'s max.message.bytes "
                    + topicLimit);
          }
        });

    List<String> creators =
        compose.services().entrySet().stream()
            .filter(
                e ->
                    compose.command(e.getValue()).contains("kafka-topics.sh")
                        && compose.command(e.getValue()).contains("--create"))
            .map(Map.Entry::getKey)
            .toList();
    problems.check(
        !creators.isEmpty(),
        ComposeProject.FILE,
        "no one-shot service creates the topics (kafka-topics.sh --create)");
    for (String creator : creators) {
      String where = ComposeProject.FILE + " service " + creator;
      Map<String, TopicSpec> created =
          TopicChecks.topicsCreatedBy(compose.command(compose.services().get(creator)));
      images
          .composeApps()
          .forEach(
              (app, service) ->
                  TopicChecks.compareTopics(
                      problems,
                      where,
                      created,
                      ContainerSettings.of(
                              images.withImageEnvironment(
                                  images.target(service), compose.environment(service)))
                          .topicSpecs(),
                      "service " + app));
    }
    problems.assertNone(ComposeProject.FILE + " Kafka");
  }

  @Test
  void composeFleetPublishesToTheServiceTopics() {
    Problems problems = new Problems();
    Map<String, Map<String, Object>> fleets = new LinkedHashMap<>();
    compose
        .services()
        .forEach(
            (name, s) -> {
              if (compose.command(s).matches("(^|.*\\s)publish(\\s.*|$)")) {
                fleets.put(name, s);
              }
            });
    problems.check(
        !fleets.isEmpty(),
        ComposeProject.FILE,
        "no service runs `publish --synthetic` (the simulated fleet)");
    Map<String, TopicSpec> specs = TopicChecks.byName(defaults.topicSpecs());
    fleets.forEach(
        (name, fleet) -> {
          String where = ComposeProject.FILE + " service " + name;
          String command = compose.command(fleet);
          String stage = images.target(fleet);
          problems.check(
              stage != null
                  && dockerfile.closure(stage).stream()
                      .anyMatch(s -> images.copies(s, "cli/target")),
              where,
              "should run the cli image (a Dockerfile target with cli/target), not " + stage);
          problems.check(
              ComposeProject.option(command, "--synthetic").isPresent(),
              where,
              "publishes without --synthetic");
          String bootstrap =
              ComposeProject.option(command, "--bootstrap-servers")
                  .orElse(compose.environment(fleet).get("KAFKA_BOOTSTRAP_SERVERS"));
          compose.checkBootstrap(problems, where, bootstrap);
          TopicSpec frames = specs.get(defaults.topics().frames().name());
          ComposeProject.option(command, "--partitions")
              .ifPresent(
                  p ->
                      problems.check(
                          Integer.parseInt(p) == frames.partitions(),
                          where,
                          "--partitions "
                              + p
                              + ", but the service's topics have "
                              + frames.partitions()));
          ComposeProject.option(command, "--max-request-bytes")
              .ifPresent(
                  b ->
                      problems.check(
                          Long.parseLong(b)
                              <= Long.parseLong(frames.configs().get("max.message.bytes")),
                          where,
                          "--max-request-bytes "
                              + b
                              + " exceeds "
                              + frames.name()
                              + "'s max.message.bytes "
                              + frames.configs().get("max.message.bytes")));
          Map<String, String> topicOptions =
              Map.of(
                  "--frames-topic", defaults.topics().frames().name(),
                  "--scans-topic", defaults.topics().scans().name(),
                  "--calibration-topic", defaults.topics().calibration().name());
          topicOptions.forEach(
              (option, topic) ->
                  ComposeProject.option(command, option)
                      .ifPresent(
                          t ->
                              problems.check(
                                  t.equals(topic),
                                  where,
                                  option + " " + t + ", but the service reads " + topic)));
        });
    problems.assertNone(ComposeProject.FILE + " fleet");
  }
}
