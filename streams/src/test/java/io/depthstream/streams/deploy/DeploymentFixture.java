package io.depthstream.streams.deploy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the deployment tests cross-check, parsed once per test run: the deployment files
 * (docker-compose.yml, Dockerfile, deploy/prometheus, deploy/grafana, k8s/) and the service itself:
 * its application.properties as a container sees it, the metric names its meters really render in
 * Prometheus, the topics it provisions and the Kafka client version it is built with. No Docker
 * engine or cluster is needed: every file is parsed, nothing is run. Each failure names the file
 * and the mismatch.
 */
abstract class DeploymentFixture {

  static RepositoryFiles files;
  static Dockerfile dockerfile;
  static ComposeProject compose;
  static KubernetesManifests k8s;
  static ApplicationProperties properties;
  static Set<String> serviceMetrics;
  static ContainerSettings defaults;
  static ServiceContainers images;
  static ContainerChecks containers;
  static MonitoringChecks monitoring;

  @BeforeAll
  static void load() {
    if (files != null) {
      return; // the files do not change while the tests run
    }
    files = RepositoryFiles.locate();
    dockerfile = new Dockerfile(files.text("Dockerfile"));
    compose = new ComposeProject(files.yaml(ComposeProject.FILE));
    k8s = new KubernetesManifests(files);
    properties = ApplicationProperties.load();
    serviceMetrics = ServiceMeters.scrapeNames();
    defaults = ContainerSettings.of(Map.of());
    images = new ServiceContainers(dockerfile, compose, k8s, properties);
    containers = new ContainerChecks(dockerfile, properties);
    monitoring = new MonitoringChecks(files, compose, k8s, serviceMetrics, defaults);
  }
}
