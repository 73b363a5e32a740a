package io.depthstream.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.depthstream.streams.broker.TopicSpec;
import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks the deployment files (docker-compose.yml, Dockerfile, deploy/prometheus,
 * deploy/grafana, k8s/) against the service itself: its application.properties as a container sees
 * it, the topics its broker package creates ({@code ServiceTopics}), the metric names its meters
 * really render in Prometheus, its health and metrics paths, and the Kafka client version it is
 * built with. No Docker engine or cluster is needed: every file is parsed, nothing is run. Each
 * failure names the file and the mismatch.
 */
class DeploymentManifestsTest {

  /** Prometheus' own series, always there: scrape health and the state of alert rules. */
  private static final Set<String> PROMETHEUS_METRICS = Set.of("up", "ALERTS");

  /** kafka-exporter's consumer-group lag, in compose (danielqsj) and Strimzi alike. */
  private static final String LAG_METRIC = "kafka_consumergroup_lag";

  private static final Pattern TOPIC_LINE = Pattern.compile("--topic[ =](\\S+)");
  private static final Pattern PARTITIONS = Pattern.compile("--partitions[ =](\\d+)");
  private static final Pattern CONFIG = Pattern.compile("--config[ =]([\\w.]+)=(\\S+)");

  private static RepositoryFiles files;
  private static Dockerfile dockerfile;
  private static ComposeProject compose;
  private static KubernetesManifests k8s;
  private static ApplicationProperties properties;
  private static Set<String> serviceMetrics;
  private static ContainerSettings defaults;
  private static ServiceContainers images;

  @BeforeAll
  static void load() {
    files = RepositoryFiles.locate();
    dockerfile = new Dockerfile(files.text("Dockerfile"));
    compose = new ComposeProject(files.yaml(ComposeProject.FILE));
    k8s = new KubernetesManifests(files);
    properties = ApplicationProperties.load();
    serviceMetrics = ServiceMeters.scrapeNames();
    defaults = ContainerSettings.of(Map.of());
    images = new ServiceContainers(dockerfile, compose, k8s, properties);
  }

  // ---------------------------------------------------------------- images and Dockerfile

  @Test
  void everyImageIsPinnedToAVersion() {
    Problems problems = new Problems();
    dockerfile.externalImages().forEach(image -> checkPinned(problems, "Dockerfile", image));
    compose
        .services()
        .forEach(
            (name, service) ->
                compose
                    .image(service)
                    .ifPresentOrElse(
                        image ->
                            checkPinned(problems, ComposeProject.FILE + " service " + name, image),
                        () ->
                            problems.add(
                                ComposeProject.FILE, "service " + name + " names no image")));
    for (Manifest m : k8s.all()) {
      for (Map<String, Object> c : ServiceContainers.containers(m)) {
        checkPinned(problems, m.where(), Objects.toString(c.get("image"), ""));
      }
    }
    problems.assertNone("pinned images");
  }

  @Test
  void dockerfileBuildsTheServiceOnCpuByDefaultAndOnCudaWithTheGpuProfile() {
    Problems problems = new Problems();
    Dockerfile.Stage last = dockerfile.defaultStage();
    problems.check(
        images.runsService(last.name()) && !images.gpuBuild(last.name()),
        "Dockerfile",
        "the default (last) stage "
            + last.name()
            + " should run the CPU service (streams/target/quarkus-app, no -Pgpu)");
    List<Dockerfile.Stage> gpu =
        dockerfile.stages().stream()
            .filter(s -> images.runsService(s.name()) && images.gpuBuild(s.name()))
            .toList();
    problems.check(
        !gpu.isEmpty(),
        "Dockerfile",
        "no stage runs the service built with -Pgpu (onnxruntime_gpu); add a service-gpu target");
    for (Dockerfile.Stage stage : dockerfile.stages()) {
      if (!images.runsService(stage.name())) {
        continue;
      }
      problems.check(
          stage.all("EXPOSE").contains(Integer.toString(defaults.httpPort())),
          "Dockerfile",
          "stage "
              + stage.name()
              + " should EXPOSE "
              + defaults.httpPort()
              + " (the service's HTTP port)");
      checkEnvironmentNames(
          problems, "Dockerfile stage " + stage.name(), stage.name(), stage.environment().keySet());
      if (images.gpuBuild(stage.name())) {
        problems.check(
            stage.base().startsWith("nvidia/cuda:") && stage.base().contains("cudnn"),
            "Dockerfile",
            "GPU stage "
                + stage.name()
                + " runs on "
                + stage.base()
                + "; ONNX Runtime's CUDA build needs an nvidia/cuda *-cudnn-runtime base");
      }
    }
    problems.assertNone("Dockerfile");
  }

  @Test
  void dockerignoreKeepsWhatTheBuildCopies() {
    Problems problems = new Problems();
    List<String> ignored =
        files
            .text(".dockerignore")
            .lines()
            .map(String::strip)
            .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!"))
            .toList();
    for (Dockerfile.Stage stage : dockerfile.stages()) {
      for (String copy : stage.all("COPY")) {
        if (copy.contains("--from=")) {
          continue;
        }
        String[] parts = copy.replaceAll("--\\S+", "").trim().split("\\s+");
        for (int i = 0; i < parts.length - 1; i++) {
          String source = parts[i].replaceAll("/$", "");
          for (String pattern : ignored) {
            problems.check(
                !ignoredBy(source, pattern),
                ".dockerignore",
                pattern
                    + " keeps "
                    + source
                    + " out of the build context, but Dockerfile stage "
                    + stage.name()
                    + " copies it");
          }
        }
      }
    }
    problems.check(
        ignored.stream().anyMatch(p -> ignoredBy("streams/target", p)),
        ".dockerignore",
        "build outputs (target folders) should stay out of the context");
    problems.assertNone(".dockerignore");
  }

  /**
   * Docker's rule for the patterns used here: a path or its prefix, * in a name, ** for any depth.
   */
  private static boolean ignoredBy(String path, String pattern) {
    String p = pattern.replaceAll("^/|/$", "");
    // "**/" first, through a placeholder, so that its "*" is not read as a single-level one.
    String regex =
        p.replace(".", "\\.")
            .replace("**/", "\u0000")
            .replace("*", "[^/]*")
            .replace("\u0000", "(.*/)?");
    return path.matches(regex + "(/.*)?");
  }

  // ---------------------------------------------------------------- docker compose

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
          checkEnvironmentNames(problems, where, stage, compose.environment(service).keySet());
          ContainerSettings settings = ContainerSettings.of(env);
          checkEffectiveSettings(problems, where, env, settings);
          problems.check(
              compose.containerPorts(service).contains(settings.httpPort()),
              where,
              "publishes container ports "
                  + compose.containerPorts(service)
                  + ", not the HTTP port "
                  + settings.httpPort());
          checkComposeBootstrap(problems, where, env.get("KAFKA_BOOTSTRAP_SERVERS"));
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
    Map<String, Map<String, Object>> brokers = composeBrokers();
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
          topicsCreatedBy(compose.command(compose.services().get(creator)));
      images
          .composeApps()
          .forEach(
              (app, service) ->
                  compareTopics(
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
    Map<String, TopicSpec> specs = byName(defaults.topicSpecs());
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
          checkComposeBootstrap(problems, where, bootstrap);
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

  @Test
  void composePrometheusScrapesTheServiceAndLoadsTheAlerts() {
    Problems problems = new Problems();
    String file = "deploy/prometheus/prometheus.yml";
    Map<String, Object> prometheus = files.yaml(file);
    Map<String, Object> server = composeServiceWithImage("prom/prometheus:");
    if (server == null) {
      problems.add(ComposeProject.FILE, "no prom/prometheus service");
      problems.assertNone("Prometheus");
      return;
    }
    Map<String, String> mounts = compose.bindMounts(server);
    String configPath =
        ComposeProject.option(compose.command(server), "--config.file")
            .orElse("/etc/prometheus/prometheus.yml");
    problems.check(
        configPath.equals(mounts.get(file)),
        ComposeProject.FILE,
        "prometheus reads " + configPath + " but " + file + " is mounted at " + mounts.get(file));
    for (Object rules : Nodes.list(prometheus, "rule_files")) {
      problems.check(
          mounts.containsValue(rules.toString()),
          file,
          "rule file " + rules + " is not mounted into the prometheus service " + mounts);
    }
    Map<String, Map<String, Object>> jobs = scrapeJobs(prometheus);
    images
        .composeApps()
        .forEach(
            (name, service) -> {
              ContainerSettings settings =
                  ContainerSettings.of(
                      images.withImageEnvironment(
                          images.target(service), compose.environment(service)));
              String address = name + ":" + settings.httpPort();
              Optional<Map.Entry<String, Map<String, Object>>> job =
                  jobs.entrySet().stream()
                      .filter(j -> scrapeTargets(j.getValue()).contains(address))
                      .findFirst();
              problems.check(
                  job.isPresent(),
                  file,
                  "no scrape job targets " + address + " (compose service " + name + ")");
              job.ifPresent(
                  j ->
                      problems.check(
                          settings.metricsPath().equals(Nodes.text(j.getValue(), "metrics_path")),
                          file,
                          "job "
                              + j.getKey()
                              + " scrapes "
                              + Nodes.text(j.getValue(), "metrics_path")
                              + ", the service serves "
                              + settings.metricsPath()));
            });
    jobs.forEach(
        (job, body) ->
            scrapeTargets(body)
                .forEach(
                    target ->
                        problems.check(
                            compose
                                .services()
                                .containsKey(target.substring(0, target.indexOf(':'))),
                            file,
                            "job "
                                + job
                                + " targets "
                                + target
                                + ", which is no service of "
                                + ComposeProject.FILE)));
    problems.assertNone("Prometheus");
  }

  @Test
  void composeAlertRulesUseRealMetricsLabelsAndJobs() {
    Problems problems = new Problems();
    String file = "deploy/prometheus/alerts.yml";
    Set<String> jobs = scrapeJobs(files.yaml("deploy/prometheus/prometheus.yml")).keySet();
    checkRuleGroups(problems, file, Nodes.list(files.yaml(file), "groups"), composeMetrics(), jobs);
    problems.assertNone(file);
  }

  @Test
  void grafanaIsProvisionedWithADashboardOfRealMetrics() {
    Problems problems = new Problems();
    Map<String, Object> grafana = composeServiceWithImage("grafana/grafana:");
    Map<String, String> mounts = grafana == null ? Map.of() : compose.bindMounts(grafana);
    problems.check(grafana != null, ComposeProject.FILE, "no grafana/grafana service");
    problems.check(
        "/etc/grafana/provisioning".equals(mounts.get("deploy/grafana/provisioning")),
        ComposeProject.FILE,
        "deploy/grafana/provisioning should be mounted at /etc/grafana/provisioning, mounts are "
            + mounts);

    Set<String> uids = new TreeSet<>();
    Map<String, Object> prometheus = composeServiceWithImage("prom/prometheus:");
    for (String file : files.list("deploy/grafana/provisioning/datasources", ".yml")) {
      for (Map<String, Object> ds : Nodes.maps(files.yaml(file), "datasources")) {
        uids.add(Nodes.text(ds, "uid"));
        String url = Objects.toString(Nodes.text(ds, "url"), "");
        problems.check(
            url.equals("http://" + composeName(prometheus) + ":9090"),
            file,
            "data source url "
                + url
                + " is not the compose Prometheus (http://"
                + composeName(prometheus)
                + ":9090)");
      }
    }
    List<String> dashboards = files.list("deploy/grafana/dashboards", ".json");
    problems.check(!dashboards.isEmpty(), "deploy/grafana/dashboards", "no dashboard JSON");
    for (String file : files.list("deploy/grafana/provisioning/dashboards", ".yml")) {
      for (Map<String, Object> provider : Nodes.maps(files.yaml(file), "providers")) {
        String path = Nodes.text(provider, "options", "path");
        problems.check(
            Objects.equals(path, mounts.get("deploy/grafana/dashboards")),
            file,
            "provider "
                + Nodes.text(provider, "name")
                + " loads "
                + path
                + " but deploy/grafana/dashboards is mounted at "
                + mounts.get("deploy/grafana/dashboards"));
      }
    }
    Set<String> jobs = scrapeJobs(files.yaml("deploy/prometheus/prometheus.yml")).keySet();
    for (String file : dashboards) {
      checkDashboard(problems, file, files.json(file), uids, jobs);
    }
    problems.assertNone("Grafana");
  }

  // ---------------------------------------------------------------- Kubernetes

  @Test
  void kubernetesDeploymentsRunTheServiceAsItIsConfigured() {
    Problems problems = new Problems();
    List<Manifest> deployments = images.serviceDeployments();
    problems.check(
        deployments.stream().anyMatch(d -> !images.gpuBuild(images.imageTarget(d))),
        "k8s",
        "no Deployment runs the CPU service image");
    problems.check(
        deployments.stream().anyMatch(d -> images.gpuBuild(images.imageTarget(d))),
        "k8s",
        "no Deployment variant runs the GPU service image");
    for (Manifest d : deployments) {
      String where = d.where();
      Map<String, Object> template = Nodes.map(d.doc(), "spec", "template");
      Map<String, Object> podLabels = Nodes.map(template, "metadata", "labels");
      problems.check(
          KubernetesManifests.selects(
              Nodes.map(d.doc(), "spec", "selector", "matchLabels"), podLabels),
          where,
          "spec.selector.matchLabels does not select the pod template's labels " + podLabels);
      Map<String, Object> container = ServiceContainers.containers(d).get(0);
      String stage = images.imageTarget(d);
      Map<String, String> env =
          images.withImageEnvironment(stage, images.kubernetesEnvironment(problems, d, container));
      ContainerSettings settings = ContainerSettings.of(env);
      checkEnvironmentNames(
          problems,
          where,
          stage,
          images.kubernetesEnvironment(new Problems(), d, container).keySet());
      checkEffectiveSettings(problems, where, env, settings);
      checkStrimziBootstrap(problems, where, env.get("KAFKA_BOOTSTRAP_SERVERS"));

      Map<String, Object> httpPort =
          Nodes.maps(container, "ports").stream()
              .filter(
                  p ->
                      Objects.equals(
                          Nodes.text(p, "containerPort"), Integer.toString(settings.httpPort())))
              .findFirst()
              .orElse(Map.of());
      problems.check(
          !httpPort.isEmpty(),
          where,
          "container declares no port " + settings.httpPort() + " (the service's HTTP port)");
      String portName = Nodes.text(httpPort, "name");
      checkProbe(
          problems,
          where,
          container,
          "livenessProbe",
          settings.livenessPath(),
          portName,
          settings.httpPort());
      checkProbe(
          problems,
          where,
          container,
          "readinessProbe",
          settings.readinessPath(),
          portName,
          settings.httpPort());
      if (Nodes.at(container, "startupProbe") != null) {
        String path = Nodes.text(container, "startupProbe", "httpGet", "path");
        problems.check(
            Set.of(settings.livenessPath(), settings.readinessPath()).contains(path),
            where,
            "startupProbe path " + path + " is not a health endpoint of the service");
      }
      for (String kind : List.of("requests", "limits")) {
        problems.check(
            Nodes.text(container, "resources", kind, "memory") != null,
            where,
            "container sets no resources." + kind + ".memory");
      }
      problems.check(
          Nodes.text(container, "resources", "requests", "cpu") != null,
          where,
          "container sets no resources.requests.cpu");
      String bundle = settings.service().model().bundle().toString();
      List<String> mountPaths =
          Nodes.maps(container, "volumeMounts").stream()
              .map(v -> Nodes.text(v, "mountPath"))
              .toList();
      problems.check(
          mountPaths.stream().anyMatch(p -> bundle.startsWith(p + "/")),
          where,
          "model bundle " + bundle + " is not under any volumeMount " + mountPaths);
      if (Boolean.parseBoolean(
          Nodes.text(container, "securityContext", "readOnlyRootFilesystem"))) {
        problems.check(
            mountPaths.contains("/tmp"),
            where,
            "read-only root file system without a /tmp volume: ONNX Runtime and RocksDB unpack"
                + " their native libraries there (java.io.tmpdir); Kafka Streams' state is checked"
                + " by StateDirectoryManifestsTest");
      }
      String gpus = Nodes.text(container, "resources", "limits", "nvidia.com/gpu");
      String device = settings.value("depthstream.model.device").orElse("");
      if (images.gpuBuild(stage)) {
        problems.check(
            gpus != null && Integer.parseInt(gpus) >= 1,
            where,
            "GPU image without resources.limits nvidia.com/gpu");
        problems.check(!device.equals("CPU"), where, "GPU image with depthstream.model.device=CPU");
      } else {
        problems.check(gpus == null, where, "CPU image asks for nvidia.com/gpu " + gpus);
        problems.check(
            !device.equals("CUDA"),
            where,
            "CPU image with depthstream.model.device=CUDA would fail at start");
      }
      List<Manifest> services =
          k8s.ofKind("Service").stream()
              .filter(
                  s ->
                      KubernetesManifests.selects(
                          Nodes.map(s.doc(), "spec", "selector"), podLabels))
              .toList();
      problems.check(!services.isEmpty(), where, "no Service selects its pods " + podLabels);
      for (Manifest s : services) {
        problems.check(
            Nodes.maps(s.doc(), "spec", "ports").stream()
                .anyMatch(
                    p ->
                        Objects.equals(Nodes.text(p, "targetPort"), portName)
                            || Objects.equals(
                                Nodes.text(p, "targetPort"),
                                Integer.toString(settings.httpPort()))),
            s.where(),
            "no port targets the container's HTTP port "
                + settings.httpPort()
                + " ("
                + portName
                + ")");
      }
    }
    problems.assertNone("k8s Deployments");
  }

  @Test
  void kubernetesKafkaTopicsMatchTheServiceTopics() {
    Problems problems = new Problems();
    List<Manifest> clusters = k8s.ofKind("Kafka");
    problems.check(
        clusters.size() == 1, "k8s", "expected one Strimzi Kafka, found " + clusters.size());
    Manifest kafka = clusters.isEmpty() ? null : clusters.get(0);
    int brokers = 0;
    if (kafka != null) {
      String version = AppInfoParser.getVersion();
      problems.check(
          version.equals(Nodes.text(kafka.doc(), "spec", "kafka", "version")),
          kafka.where(),
          "spec.kafka.version "
              + Nodes.text(kafka.doc(), "spec", "kafka", "version")
              + ", but the service is built with Kafka clients "
              + version);
      problems.check(
          Nodes.at(kafka.doc(), "spec", "zookeeper") == null,
          kafka.where(),
          "has spec.zookeeper; Kafka 4 runs KRaft only");
      Set<String> roles = new TreeSet<>();
      for (Manifest pool : k8s.ofKind("KafkaNodePool")) {
        problems.check(
            kafka.name().equals(Nodes.text(pool.labels(), "strimzi.io/cluster")),
            pool.where(),
            "label strimzi.io/cluster is not " + kafka.name());
        List<Object> poolRoles = Nodes.list(pool.doc(), "spec", "roles");
        poolRoles.forEach(r -> roles.add(r.toString()));
        if (poolRoles.contains("broker")) {
          brokers +=
              Integer.parseInt(Objects.toString(Nodes.text(pool.doc(), "spec", "replicas"), "0"));
        }
      }
      problems.check(
          roles.containsAll(Set.of("controller", "broker")),
          "k8s",
          "KafkaNodePools should give the controller and broker roles (KRaft); found " + roles);
      long brokerLimit =
          Long.parseLong(
              Objects.toString(
                  Nodes.text(kafka.doc(), "spec", "kafka", "config", "message.max.bytes"),
                  "1048588"));
      for (TopicSpec spec : defaults.topicSpecs()) {
        long topicLimit = Long.parseLong(spec.configs().getOrDefault("max.message.bytes", "0"));
        problems.check(
            brokerLimit >= topicLimit,
            kafka.where(),
            "message.max.bytes "
                + brokerLimit
                + " is below topic "
                + spec.name()
                + "'s "
                + topicLimit);
      }
    }
    Map<String, TopicSpec> declared = new TreeMap<>();
    for (Manifest topic : k8s.ofKind("KafkaTopic")) {
      String name =
          Optional.ofNullable(Nodes.text(topic.doc(), "spec", "topicName")).orElse(topic.name());
      Map<String, String> configs = new TreeMap<>();
      Nodes.map(topic.doc(), "spec", "config")
          .forEach((k, v) -> configs.put(k, Objects.toString(v)));
      int partitions =
          Integer.parseInt(Objects.toString(Nodes.text(topic.doc(), "spec", "partitions"), "0"));
      declared.put(name, new TopicSpec(name, Math.max(partitions, 1), configs));
      if (kafka != null) {
        problems.check(
            kafka.name().equals(Nodes.text(topic.labels(), "strimzi.io/cluster")),
            topic.where(),
            "label strimzi.io/cluster is not "
                + kafka.name()
                + ", so Strimzi's Topic Operator ignores it");
      }
      int replicas =
          Integer.parseInt(Objects.toString(Nodes.text(topic.doc(), "spec", "replicas"), "1"));
      problems.check(
          replicas <= brokers,
          topic.where(),
          replicas + " replicas but only " + brokers + " brokers");
    }
    for (Manifest d : images.serviceDeployments()) {
      Map<String, Object> container = ServiceContainers.containers(d).get(0);
      ContainerSettings settings =
          ContainerSettings.of(
              images.withImageEnvironment(
                  images.imageTarget(d),
                  images.kubernetesEnvironment(new Problems(), d, container)));
      compareTopics(problems, "k8s KafkaTopics", declared, settings.topicSpecs(), d.where());
    }
    problems.assertNone("k8s Kafka");
  }

  @Test
  void kubernetesMonitorsSelectTheServiceAndRulesMatchCompose() {
    Problems problems = new Problems();
    Set<String> jobs = new TreeSet<>();
    List<Manifest> serviceMonitors = k8s.ofKind("ServiceMonitor");
    problems.check(
        !serviceMonitors.isEmpty() || !k8s.ofKind("PodMonitor").isEmpty(),
        "k8s",
        "no ServiceMonitor or PodMonitor");
    boolean serviceScraped = false;
    for (Manifest monitor : serviceMonitors) {
      Map<String, Object> selector = Nodes.map(monitor.doc(), "spec", "selector", "matchLabels");
      List<Manifest> selected =
          k8s.ofKind("Service").stream()
              .filter(s -> KubernetesManifests.selects(selector, s.labels()))
              .toList();
      problems.check(
          !selected.isEmpty(), monitor.where(), "selects no Service; matchLabels " + selector);
      for (Manifest service : selected) {
        serviceScraped |=
            images.serviceDeployments().stream()
                .anyMatch(
                    d ->
                        KubernetesManifests.selects(
                            Nodes.map(service.doc(), "spec", "selector"),
                            Nodes.map(d.doc(), "spec", "template", "metadata", "labels")));
        Set<String> portNames = new TreeSet<>();
        Nodes.maps(service.doc(), "spec", "ports")
            .forEach(p -> portNames.add(Nodes.text(p, "name")));
        for (Map<String, Object> endpoint : Nodes.maps(monitor.doc(), "spec", "endpoints")) {
          problems.check(
              portNames.contains(Nodes.text(endpoint, "port")),
              monitor.where(),
              "endpoint port "
                  + Nodes.text(endpoint, "port")
                  + " is not a port name of "
                  + service.where()
                  + " "
                  + portNames);
          problems.check(
              defaults.metricsPath().equals(Nodes.text(endpoint, "path")),
              monitor.where(),
              "endpoint path "
                  + Nodes.text(endpoint, "path")
                  + ", the service serves metrics on "
                  + defaults.metricsPath());
        }
        String jobLabel = Nodes.text(monitor.doc(), "spec", "jobLabel");
        jobs.add(
            jobLabel != null && service.labels().containsKey(jobLabel)
                ? Nodes.text(service.labels(), jobLabel)
                : service.name());
      }
    }
    problems.check(
        serviceScraped, "k8s", "no ServiceMonitor selects a Service of the depthstream Deployment");
    for (Manifest pod : k8s.ofKind("PodMonitor")) {
      jobs.add(pod.namespace() + "/" + pod.name());
    }
    List<Manifest> rules = k8s.ofKind("PrometheusRule");
    problems.check(!rules.isEmpty(), "k8s", "no PrometheusRule");
    List<Object> composeGroups = Nodes.list(files.yaml("deploy/prometheus/alerts.yml"), "groups");
    for (Manifest rule : rules) {
      List<Object> groups = Nodes.list(rule.doc(), "spec", "groups");
      problems.check(
          groups.equals(composeGroups),
          rule.where(),
          "spec.groups differ from deploy/prometheus/alerts.yml; keep the two rule sets identical");
      checkRuleGroups(problems, rule.where(), groups, kubernetesMetrics(problems), jobs);
    }
    problems.assertNone("k8s monitoring");
  }

  @Test
  void kedaScalesOnFrameLagWithinThePartitionCount() {
    Problems problems = new Problems();
    List<Manifest> scaled = k8s.ofKind("ScaledObject");
    problems.check(!scaled.isEmpty(), "k8s", "no KEDA ScaledObject");
    Map<String, Integer> partitions = new TreeMap<>();
    k8s.ofKind("KafkaTopic")
        .forEach(
            t ->
                partitions.put(
                    Optional.ofNullable(Nodes.text(t.doc(), "spec", "topicName")).orElse(t.name()),
                    Integer.parseInt(
                        Objects.toString(Nodes.text(t.doc(), "spec", "partitions"), "0"))));
    for (Manifest so : scaled) {
      String target = Nodes.text(so.doc(), "spec", "scaleTargetRef", "name");
      List<Manifest> deployments =
          images.serviceDeployments().stream().filter(d -> d.name().equals(target)).toList();
      problems.check(
          !deployments.isEmpty(),
          so.where(),
          "scaleTargetRef " + target + " is not a Deployment of the service");
      int max =
          Integer.parseInt(
              Objects.toString(Nodes.text(so.doc(), "spec", "maxReplicaCount"), "100"));
      int min =
          Integer.parseInt(Objects.toString(Nodes.text(so.doc(), "spec", "minReplicaCount"), "0"));
      problems.check(
          min >= 1,
          so.where(),
          "minReplicaCount " + min + ": keep one instance so windows and stores stay warm");
      List<Map<String, Object>> kafkaTriggers =
          Nodes.maps(so.doc(), "spec", "triggers").stream()
              .filter(t -> "kafka".equals(Nodes.text(t, "type")))
              .toList();
      problems.check(!kafkaTriggers.isEmpty(), so.where(), "no kafka trigger (consumer lag)");
      for (Manifest d : deployments) {
        ContainerSettings settings =
            ContainerSettings.of(
                images.withImageEnvironment(
                    images.imageTarget(d),
                    images.kubernetesEnvironment(
                        new Problems(), d, ServiceContainers.containers(d).get(0))));
        String frames = settings.topics().frames().name();
        int framePartitions = partitions.getOrDefault(frames, 0);
        problems.check(
            max <= framePartitions,
            so.where(),
            "maxReplicaCount "
                + max
                + " exceeds the "
                + framePartitions
                + " partitions of "
                + frames
                + "; extra Kafka Streams instances would idle");
        int provisioned = settings.topicSpecs().get(0).partitions();
        problems.check(
            max <= provisioned,
            so.where(),
            "maxReplicaCount "
                + max
                + " exceeds the service's topic-provisioning.partitions "
                + provisioned
                + " for "
                + d.where());
        for (Map<String, Object> trigger : kafkaTriggers) {
          problems.check(
              frames.equals(Nodes.text(trigger, "metadata", "topic")),
              so.where(),
              "kafka trigger topic "
                  + Nodes.text(trigger, "metadata", "topic")
                  + ", the service reads frames from "
                  + frames);
          problems.check(
              settings.applicationId().equals(Nodes.text(trigger, "metadata", "consumerGroup")),
              so.where(),
              "consumerGroup "
                  + Nodes.text(trigger, "metadata", "consumerGroup")
                  + " is not the Kafka Streams application id "
                  + settings.applicationId());
          problems.check(
              settings
                  .bootstrapServers()
                  .equals(Nodes.text(trigger, "metadata", "bootstrapServers")),
              so.where(),
              "bootstrapServers "
                  + Nodes.text(trigger, "metadata", "bootstrapServers")
                  + " differ from the Deployment's "
                  + settings.bootstrapServers());
        }
      }
    }
    problems.assertNone("KEDA");
  }

  @Test
  void kubernetesObjectsShareOneNamespace() {
    Problems problems = new Problems();
    List<Manifest> namespaces = k8s.ofKind("Namespace");
    problems.check(
        namespaces.size() == 1, "k8s", "expected one Namespace, found " + namespaces.size());
    String namespace = namespaces.isEmpty() ? null : namespaces.get(0).name();
    for (Manifest m : k8s.all()) {
      problems.check(
          m.doc().get("apiVersion") != null && !m.kind().isEmpty() && !m.name().isEmpty(),
          m.file(),
          "a document lacks apiVersion, kind or metadata.name");
      if (!m.kind().equals("Namespace")) {
        problems.check(
            Objects.equals(namespace, m.namespace()),
            m.where(),
            "namespace " + m.namespace() + ", expected " + namespace);
      }
    }
    problems.assertNone("k8s namespaces");
  }

  // ---------------------------------------------------------------- shared checks

  private static void checkPinned(Problems problems, String where, String image) {
    String lastPart = image.substring(image.lastIndexOf('/') + 1);
    boolean digest = image.contains("@sha256:");
    boolean tagged = lastPart.contains(":") && !lastPart.endsWith(":");
    problems.check(
        digest || (tagged && !lastPart.endsWith(":latest")),
        where,
        "image " + image + " is not pinned; give it a version tag (never :latest) or a digest");
  }

  /** Every variable must be one the service, or its image's entry point, actually reads. */
  private static void checkEnvironmentNames(
      Problems problems, String where, String stage, Set<String> names) {
    Set<String> entrypoint =
        stage == null
            ? Set.of()
            : dockerfile.stage(stage).map(dockerfile::entrypointVariables).orElse(Set.of());
    for (String name : names) {
      problems.check(
          properties.reads(name)
              || entrypoint.contains(name)
              || ServiceContainers.IMAGE_RUNTIME_VARIABLES.contains(name),
          where,
          "environment variable "
              + name
              + " is read neither by the service (application.properties keys and ${...}"
              + " placeholders) nor by the image's entry point "
              + entrypoint);
    }
  }

  /** Each variable must really set what it names: no profile value or typo shadowing it. */
  private static void checkEffectiveSettings(
      Problems problems, String where, Map<String, String> env, ContainerSettings settings) {
    env.forEach(
        (name, value) -> {
          if (properties.reads(name) && !properties.isPlaceholder(name)) {
            String property = properties.property(name);
            String effective = settings.value(property).orElse(null);
            problems.check(
                value.equalsIgnoreCase(Objects.toString(effective)),
                where,
                name + "=" + value + " but the service resolves " + property + "=" + effective);
          }
        });
    Map<String, String> placeholders = new LinkedHashMap<>();
    placeholders.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
    placeholders.put("DEPTHSTREAM_MODEL", settings.service().model().bundle().toString());
    placeholders.put(
        "DEPTHSTREAM_PROCESSING_GUARANTEE",
        settings.value("kafka-streams.processing.guarantee").orElse(""));
    placeholders.forEach(
        (name, effective) ->
            problems.check(
                env.containsKey(name) && env.get(name).equals(effective),
                where,
                name
                    + " is "
                    + env.get(name)
                    + " but the service resolves "
                    + effective
                    + " (set it explicitly for a container)"));
    problems.check(
        "false".equals(settings.value("embedded-kafka.enabled").orElse("")),
        where,
        "the in-process broker would start in the container (embedded-kafka.enabled); set"
            + " EMBEDDED_KAFKA_ENABLED=false");
  }

  private static void checkComposeBootstrap(Problems problems, String where, String bootstrap) {
    if (bootstrap == null || bootstrap.isBlank()) {
      problems.add(where, "no Kafka bootstrap servers (KAFKA_BOOTSTRAP_SERVERS)");
      return;
    }
    Map<String, Map<String, Object>> brokers = composeBrokers();
    for (String address : bootstrap.split(",")) {
      String host = address.substring(0, address.lastIndexOf(':'));
      Map<String, Object> broker = brokers.get(host);
      String advertised =
          broker == null
              ? ""
              : compose.environment(broker).getOrDefault("KAFKA_ADVERTISED_LISTENERS", "");
      problems.check(
          broker != null && advertised.contains("//" + address),
          where,
          "bootstrap "
              + address
              + " is not an advertised listener of a Kafka service "
              + brokers.keySet()
              + " ("
              + advertised
              + ")");
    }
  }

  private static void checkStrimziBootstrap(Problems problems, String where, String bootstrap) {
    Set<String> addresses = new TreeSet<>();
    for (Manifest kafka : k8s.ofKind("Kafka")) {
      for (Map<String, Object> listener : Nodes.maps(kafka.doc(), "spec", "kafka", "listeners")) {
        if ("internal".equals(Nodes.text(listener, "type"))) {
          addresses.add(kafka.name() + "-kafka-bootstrap:" + Nodes.text(listener, "port"));
        }
      }
    }
    String normalised =
        bootstrap == null
            ? ""
            : bootstrap.replaceAll("\\.[a-z0-9-]+\\.svc(\\.cluster\\.local)?:", ":");
    // Whether the listener's TLS and authentication match the client settings is
    // SecuredKafkaManifestsTest's part.
    problems.check(
        addresses.contains(normalised),
        where,
        "KAFKA_BOOTSTRAP_SERVERS "
            + bootstrap
            + " is not an internal bootstrap address of the Strimzi Kafka "
            + addresses);
  }

  private static void checkProbe(
      Problems problems,
      String where,
      Map<String, Object> container,
      String probe,
      String path,
      String portName,
      int port) {
    String actual = Nodes.text(container, probe, "httpGet", "path");
    problems.check(
        path.equals(actual), where, probe + " path " + actual + ", the service answers on " + path);
    String probePort = Nodes.text(container, probe, "httpGet", "port");
    problems.check(
        Objects.equals(probePort, portName) || Objects.equals(probePort, Integer.toString(port)),
        where,
        probe + " port " + probePort + " is not the HTTP port " + port + " (" + portName + ")");
  }

  private static void checkRuleGroups(
      Problems problems, String where, List<Object> groups, Set<String> metrics, Set<String> jobs) {
    Set<String> referenced = new TreeSet<>();
    problems.check(!groups.isEmpty(), where, "no rule groups");
    for (Map<String, Object> group : Nodes.maps(Map.of("g", groups), "g")) {
      for (Map<String, Object> rule : Nodes.maps(group, "rules")) {
        String name = Objects.toString(Nodes.text(rule, "alert"), Nodes.text(rule, "record"));
        String expr = Objects.toString(Nodes.text(rule, "expr"), "");
        problems.check(
            Nodes.text(rule, "alert") == null || Nodes.text(rule, "labels", "severity") != null,
            where,
            "alert " + name + " has no severity label");
        referenced.addAll(checkExpression(problems, where + " rule " + name, expr, metrics, jobs));
      }
    }
    Map<String, String> required =
        Map.of(
            "depthstream_window_delta1",
            "accuracy drift (rolling delta1)",
            "depthstream_window_abs_rel",
            "accuracy drift (rolling abs_rel)",
            LAG_METRIC,
            "consumer lag",
            "depthstream_dlq_total",
            "dead-letter rate");
    required.forEach(
        (metric, what) ->
            problems.check(
                referenced.contains(metric), where, "no alert on " + what + " (" + metric + ")"));
  }

  private static void checkDashboard(
      Problems problems,
      String file,
      JsonNode dashboard,
      Set<String> datasourceUids,
      Set<String> jobs) {
    problems.check(
        dashboard.hasNonNull("uid") && dashboard.hasNonNull("title"),
        file,
        "dashboard needs a uid and a title");
    Set<String> variables = new TreeSet<>();
    for (JsonNode variable : dashboard.path("templating").path("list")) {
      variables.add("${" + variable.path("name").asText() + "}");
      variables.add("$" + variable.path("name").asText());
      JsonNode query = variable.path("query");
      String text = query.isObject() ? query.path("query").asText() : query.asText();
      if ("query".equals(variable.path("type").asText())) {
        checkExpression(
            problems,
            file + " variable " + variable.path("name").asText(),
            text.replaceAll("^label_values\\((.*),[^,]*\\)$", "$1"),
            composeMetrics(),
            jobs);
      }
    }
    List<JsonNode> panels = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(
            p -> {
              panels.add(p);
              p.path("panels").forEach(panels::add);
            });
    problems.check(!panels.isEmpty(), file, "dashboard has no panels");
    Set<String> referenced = new TreeSet<>();
    Set<Integer> ids = new LinkedHashSet<>();
    for (JsonNode panel : panels) {
      String title = panel.path("title").asText();
      problems.check(
          ids.add(panel.path("id").asInt()),
          file,
          "panel id " + panel.path("id") + " repeats (" + title + ")");
      checkDatasource(
          problems, file + " panel " + title, panel.path("datasource"), datasourceUids, variables);
      for (JsonNode target : panel.path("targets")) {
        checkDatasource(
            problems,
            file + " panel " + title,
            target.path("datasource"),
            datasourceUids,
            variables);
        referenced.addAll(
            checkExpression(
                problems,
                file + " panel " + title,
                target.path("expr").asText(),
                composeMetrics(),
                jobs));
      }
    }
    for (String metric :
        List.of(
            "depthstream_window_delta1",
            "depthstream_window_abs_rel",
            "depthstream_window_rmse",
            "depthstream_inference_seconds_bucket",
            "depthstream_end_to_end_seconds_bucket",
            "depthstream_frames_in_total",
            "depthstream_dlq_total")) {
      problems.check(referenced.contains(metric), file, "no panel shows " + metric);
    }
  }

  private static void checkDatasource(
      Problems problems,
      String where,
      JsonNode datasource,
      Set<String> uids,
      Set<String> variables) {
    if (datasource.isMissingNode() || datasource.isNull()) {
      return;
    }
    String uid = datasource.isObject() ? datasource.path("uid").asText() : datasource.asText();
    problems.check(
        uids.contains(uid) || variables.contains(uid),
        where,
        "data source "
            + uid
            + " is neither a provisioned uid "
            + uids
            + " nor a dashboard variable");
  }

  /** Checks names and label values of one expression; returns the metric names it uses. */
  private static Set<String> checkExpression(
      Problems problems, String where, String expr, Set<String> metrics, Set<String> jobs) {
    Set<String> names = PromQl.metricNames(expr);
    problems.check(!names.isEmpty(), where, "expression selects no metric: " + expr);
    for (String name : names) {
      problems.check(
          metrics.contains(name),
          where,
          "metric "
              + name
              + " does not exist"
              + closest(name, metrics)
              + "; the service's meters (PipelineMetrics, WindowGauges; a new meter needs a line in"
              + " ServiceMeters) render "
              + serviceMetrics
              + ", and this setup adds "
              + externalOf(metrics));
    }
    Set<String> topics = new TreeSet<>(defaults.topics().inputs());
    topics.addAll(defaults.topics().outputs());
    for (PromQl.LabelMatch m : PromQl.equalityMatchers(expr)) {
      switch (m.label()) {
        case "job" ->
            problems.check(
                jobs.contains(m.value()),
                where,
                "job=\"" + m.value() + "\" is no scrape job " + jobs);
        case "topic" ->
            problems.check(
                topics.contains(m.value()),
                where,
                "topic=\"" + m.value() + "\" is no topic of the service " + topics);
        case "consumergroup" ->
            problems.check(
                defaults.applicationId().equals(m.value()),
                where,
                "consumergroup=\""
                    + m.value()
                    + "\" is not the Kafka Streams application id "
                    + defaults.applicationId());
        case "scope" ->
            problems.check(
                ServiceMeters.scopes().contains(m.value()),
                where,
                "scope=\""
                    + m.value()
                    + "\" is not one of WindowGauges' scopes "
                    + ServiceMeters.scopes());
        default -> {}
      }
    }
    return names;
  }

  /** ", did you mean x?" for the nearest real name by edit distance, if it is near. */
  private static String closest(String name, Set<String> metrics) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : metrics) {
      int d = editDistance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return best != null && bestDistance <= Math.max(3, name.length() / 4)
        ? " (did you mean " + best + "?)"
        : "";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static Set<String> externalOf(Set<String> metrics) {
    Set<String> external = new TreeSet<>(metrics);
    external.removeAll(serviceMetrics);
    return external;
  }

  /**
   * Metrics Prometheus has in the compose setup: the service's, its own, and the lag exporter's if
   * it runs.
   */
  private static Set<String> composeMetrics() {
    Set<String> metrics = new TreeSet<>(serviceMetrics);
    metrics.addAll(PROMETHEUS_METRICS);
    Map<String, Object> exporter = composeServiceWithImage("danielqsj/kafka-exporter:");
    boolean scraped =
        exporter != null
            && scrapeJobs(files.yaml("deploy/prometheus/prometheus.yml")).values().stream()
                .anyMatch(
                    j ->
                        scrapeTargets(j).stream()
                            .anyMatch(t -> t.startsWith(composeName(exporter) + ":")));
    if (scraped) {
      metrics.add(LAG_METRIC);
    }
    return metrics;
  }

  /**
   * Metrics Prometheus has in the cluster: Strimzi's Kafka Exporter counts when enabled and
   * monitored.
   */
  private static Set<String> kubernetesMetrics(Problems problems) {
    Set<String> metrics = new TreeSet<>(serviceMetrics);
    metrics.addAll(PROMETHEUS_METRICS);
    for (Manifest kafka : k8s.ofKind("Kafka")) {
      boolean exporter = Nodes.at(kafka.doc(), "spec", "kafkaExporter") != null;
      boolean monitored =
          k8s.ofKind("PodMonitor").stream()
              .anyMatch(
                  p ->
                      (kafka.name() + "-kafka-exporter")
                          .equals(
                              Nodes.text(
                                  p.doc(), "spec", "selector", "matchLabels", "strimzi.io/name")));
      if (exporter && monitored) {
        metrics.add(LAG_METRIC);
      } else {
        problems.check(
            !exporter,
            kafka.where(),
            "kafkaExporter is on but no PodMonitor selects strimzi.io/name="
                + kafka.name()
                + "-kafka-exporter");
      }
    }
    return metrics;
  }

  private static void compareTopics(
      Problems problems,
      String where,
      Map<String, TopicSpec> actual,
      List<TopicSpec> expected,
      String forWhom) {
    Map<String, TopicSpec> wanted = byName(expected);
    for (TopicSpec spec : expected) {
      TopicSpec found = actual.get(spec.name());
      if (found == null) {
        problems.add(
            where,
            "topic "
                + spec.name()
                + " is not created; "
                + forWhom
                + " needs it ("
                + spec.partitions()
                + " partitions, "
                + spec.configs()
                + ")");
        continue;
      }
      problems.check(
          found.partitions() == spec.partitions(),
          where,
          "topic "
              + spec.name()
              + " has "
              + found.partitions()
              + " partitions, "
              + forWhom
              + " provisions "
              + spec.partitions());
      problems.check(
          found.configs().equals(spec.configs()),
          where,
          "topic "
              + spec.name()
              + " configs "
              + found.configs()
              + " differ from what "
              + forWhom
              + " provisions "
              + spec.configs()
              + " (ServiceTopics)");
    }
    actual.keySet().stream()
        .filter(n -> !wanted.containsKey(n))
        .forEach(
            n ->
                problems.add(
                    where, "topic " + n + " is no topic of the service " + wanted.keySet()));
  }

  private static Map<String, TopicSpec> topicsCreatedBy(String command) {
    Map<String, TopicSpec> topics = new TreeMap<>();
    for (String line : command.split("\n")) {
      Matcher topic = TOPIC_LINE.matcher(line);
      if (!line.contains("--partitions") || !topic.find()) {
        continue;
      }
      Matcher partitions = PARTITIONS.matcher(line);
      Map<String, String> configs = new TreeMap<>();
      Matcher config = CONFIG.matcher(line);
      while (config.find()) {
        configs.put(config.group(1), config.group(2));
      }
      topics.put(
          topic.group(1),
          new TopicSpec(
              topic.group(1),
              partitions.find() ? Integer.parseInt(partitions.group(1)) : 1,
              configs));
    }
    return topics;
  }

  private static Map<String, TopicSpec> byName(List<TopicSpec> specs) {
    Map<String, TopicSpec> map = new TreeMap<>();
    specs.forEach(s -> map.put(s.name(), s));
    return map;
  }

  // ---------------------------------------------------------------- lookups

  private static Map<String, Map<String, Object>> composeBrokers() {
    Map<String, Map<String, Object>> brokers = new LinkedHashMap<>();
    compose
        .services()
        .forEach(
            (name, s) -> {
              if (compose.image(s).orElse("").startsWith("apache/kafka:")
                  && compose.command(s).isEmpty()) {
                brokers.put(Optional.ofNullable(Nodes.text(s, "hostname")).orElse(name), s);
              }
            });
    return brokers;
  }

  private static Map<String, Object> composeServiceWithImage(String prefix) {
    return compose.services().values().stream()
        .filter(s -> compose.image(s).orElse("").startsWith(prefix))
        .findFirst()
        .orElse(null);
  }

  private static String composeName(Map<String, Object> service) {
    return compose.services().entrySet().stream()
        .filter(e -> e.getValue() == service)
        .map(Map.Entry::getKey)
        .findFirst()
        .orElse("?");
  }

  private static Map<String, Map<String, Object>> scrapeJobs(Map<String, Object> prometheus) {
    Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
    Nodes.maps(prometheus, "scrape_configs").forEach(j -> jobs.put(Nodes.text(j, "job_name"), j));
    return jobs;
  }

  /** host:port of a job's static targets and DNS names. */
  private static List<String> scrapeTargets(Map<String, Object> job) {
    List<String> targets = new ArrayList<>();
    Nodes.maps(job, "static_configs")
        .forEach(c -> Nodes.list(c, "targets").forEach(t -> targets.add(t.toString())));
    Nodes.maps(job, "dns_sd_configs")
        .forEach(
            c -> Nodes.list(c, "names").forEach(n -> targets.add(n + ":" + Nodes.text(c, "port"))));
    return targets;
  }
}
