package io.depthstream.streams.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lookups in a Prometheus configuration (deploy/prometheus/prometheus.yml): its scrape jobs and
 * their targets.
 */
final class PrometheusConfig {

  private PrometheusConfig() {}

  static Map<String, Map<String, Object>> scrapeJobs(Map<String, Object> prometheus) {
    Map<String, Map<String, Object>> jobs = new LinkedHashMap<>();
    Nodes.maps(prometheus, "scrape_configs").forEach(j -> jobs.put(Nodes.text(j, "job_name"), j));
    return jobs;
  }

  /** host:port of a job's static targets and DNS names. */
  static List<String> scrapeTargets(Map<String, Object> job) {
    List<String> targets = new ArrayList<>();
    Nodes.maps(job, "static_configs")
        .forEach(c -> Nodes.list(c, "targets").forEach(t -> targets.add(t.toString())));
    Nodes.maps(job, "dns_sd_configs")
        .forEach(
            c -> Nodes.list(c, "names").forEach(n -> targets.add(n + ":" + Nodes.text(c, "port"))));
    return targets;
  }
}
