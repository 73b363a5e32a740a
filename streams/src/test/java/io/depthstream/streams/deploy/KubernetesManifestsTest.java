package io.depthstream.streams.deploy;

import io.depthstream.broker.TopicSpec;
import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.utils.AppInfoParser;
import org.junit.jupiter.api.Test;

/**
 * k8s/ against the service: its Deployments run the service as configured, its KafkaTopics are the
 * service's, KEDA scales on frame lag within the partition count, and every object shares one
 * namespace.
 */
class KubernetesManifestsTest extends DeploymentFixture {

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
      containers.checkEnvironmentNames(
          problems,
          where,
          stage,
          images.kubernetesEnvironment(new Problems(), d, container).keySet());
      containers.checkEffectiveSettings(problems, where, env, settings);
      k8s.checkStrimziBootstrap(problems, where, env.get("KAFKA_BOOTSTRAP_SERVERS"));

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
      ContainerChecks.checkProbe(
          problems,
          where,
          container,
          "livenessProbe",
          settings.livenessPath(),
          portName,
          settings.httpPort());
      ContainerChecks.checkProbe(
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
      TopicChecks.compareTopics(
          problems, "k8s KafkaTopics", declared, settings.topicSpecs(), d.where());
    }
    problems.assertNone("k8s Kafka");
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
                + " exceeds the service's depthstream.topic-provisioning.partitions "
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
}
