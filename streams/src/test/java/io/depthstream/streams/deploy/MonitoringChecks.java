package io.depthstream.streams.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks of monitoring configuration against the service: alert rule groups, Grafana dashboards and
 * each PromQL expression in them name metrics that exist where they run (compose or the cluster),
 * scrape jobs that exist, and the service's own topics, consumer group and scopes.
 */
final class MonitoringChecks {

  /** Prometheus' own series, always there: scrape health and the state of alert rules. */
  static final Set<String> PROMETHEUS_METRICS = Set.of("up", "ALERTS");

  /** kafka-exporter's consumer-group lag, in compose (danielqsj) and Strimzi alike. */
  static final String LAG_METRIC = "kafka_consumergroup_lag";

  private final RepositoryFiles files;
  private final ComposeProject compose;
  private final KubernetesManifests k8s;
  private final Set<String> serviceMetrics;
  private final ContainerSettings defaults;

  MonitoringChecks(
      RepositoryFiles files,
      ComposeProject compose,
      KubernetesManifests k8s,
      Set<String> serviceMetrics,
      ContainerSettings defaults) {
    this.files = files;
    this.compose = compose;
    this.k8s = k8s;
    this.serviceMetrics = serviceMetrics;
    this.defaults = defaults;
  }

  void checkRuleGroups(
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

  void checkDashboard(
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

  static void checkDatasource(
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
  Set<String> checkExpression(
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
              + NearestName.closest(name, metrics)
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

  Set<String> externalOf(Set<String> metrics) {
    Set<String> external = new TreeSet<>(metrics);
    external.removeAll(serviceMetrics);
    return external;
  }

  /**
   * Metrics Prometheus has in the compose setup: the service's, its own, and the lag exporter's if
   * it runs.
   */
  Set<String> composeMetrics() {
    Set<String> metrics = new TreeSet<>(serviceMetrics);
    metrics.addAll(PROMETHEUS_METRICS);
    Map<String, Object> exporter = compose.serviceWithImage("danielqsj/kafka-exporter:");
    boolean scraped =
        exporter != null
            && PrometheusConfig.scrapeJobs(files.yaml("deploy/prometheus/prometheus.yml"))
                .values()
                .stream()
                .anyMatch(
                    j ->
                        PrometheusConfig.scrapeTargets(j).stream()
                            .anyMatch(t -> t.startsWith(compose.nameOf(exporter) + ":")));
    if (scraped) {
      metrics.add(LAG_METRIC);
    }
    return metrics;
  }

  /**
   * Metrics Prometheus has in the cluster: Strimzi's Kafka Exporter counts when enabled and
   * monitored.
   */
  Set<String> kubernetesMetrics(Problems problems) {
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
}
