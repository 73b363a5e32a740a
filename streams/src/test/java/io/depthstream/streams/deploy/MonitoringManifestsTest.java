package io.depthstream.streams.deploy;

import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Prometheus, its alert rules and Grafana, in compose (deploy/prometheus, deploy/grafana) and in
 * the cluster (k8s/ monitors and rules): they scrape the service, and every expression names
 * metrics, labels and jobs that exist.
 */
class MonitoringManifestsTest extends DeploymentFixture {

  @Test
  void composePrometheusScrapesTheServiceAndLoadsTheAlerts() {
    Problems problems = new Problems();
    String file = "deploy/prometheus/prometheus.yml";
    Map<String, Object> prometheus = files.yaml(file);
    Map<String, Object> server = compose.serviceWithImage("prom/prometheus:");
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
    Map<String, Map<String, Object>> jobs = PrometheusConfig.scrapeJobs(prometheus);
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
                      .filter(j -> PrometheusConfig.scrapeTargets(j.getValue()).contains(address))
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
            PrometheusConfig.scrapeTargets(body)
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
    Set<String> jobs =
        PrometheusConfig.scrapeJobs(files.yaml("deploy/prometheus/prometheus.yml")).keySet();
    monitoring.checkRuleGroups(
        problems, file, Nodes.list(files.yaml(file), "groups"), monitoring.composeMetrics(), jobs);
    problems.assertNone(file);
  }

  @Test
  void grafanaIsProvisionedWithADashboardOfRealMetrics() {
    Problems problems = new Problems();
    Map<String, Object> grafana = compose.serviceWithImage("grafana/grafana:");
    Map<String, String> mounts = grafana == null ? Map.of() : compose.bindMounts(grafana);
    problems.check(grafana != null, ComposeProject.FILE, "no grafana/grafana service");
    problems.check(
        "/etc/grafana/provisioning".equals(mounts.get("deploy/grafana/provisioning")),
        ComposeProject.FILE,
        "deploy/grafana/provisioning should be mounted at /etc/grafana/provisioning, mounts are "
            + mounts);

    Set<String> uids = new TreeSet<>();
    Map<String, Object> prometheus = compose.serviceWithImage("prom/prometheus:");
    for (String file : files.list("deploy/grafana/provisioning/datasources", ".yml")) {
      for (Map<String, Object> ds : Nodes.maps(files.yaml(file), "datasources")) {
        uids.add(Nodes.text(ds, "uid"));
        String url = Objects.toString(Nodes.text(ds, "url"), "");
        problems.check(
            url.equals("http://" + compose.nameOf(prometheus) + ":9090"),
            file,
            "data source url "
                + url
                + " is not the compose Prometheus (http://"
                + compose.nameOf(prometheus)
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
    Set<String> jobs =
        PrometheusConfig.scrapeJobs(files.yaml("deploy/prometheus/prometheus.yml")).keySet();
    for (String file : dashboards) {
      monitoring.checkDashboard(problems, file, files.json(file), uids, jobs);
    }
    problems.assertNone("Grafana");
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
      monitoring.checkRuleGroups(
          problems, rule.where(), groups, monitoring.kubernetesMetrics(problems), jobs);
    }
    problems.assertNone("k8s monitoring");
  }
}
