package io.depthstream.streams.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.streams.meters.MeterNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@link MeterNames} is the one list of the service's meters; the README's table, the scrape and
 * the dashboards and alerts are held to it, so a meter renamed or added in code cannot leave them
 * behind.
 */
class MeterNamesTest {

  /** What Prometheus appends to a meter's base name: counters, timers and their histograms. */
  private static final List<String> SUFFIXES =
      List.of(
          "",
          "_total",
          "_seconds",
          "_seconds_bucket",
          "_seconds_count",
          "_seconds_sum",
          "_seconds_max");

  private static final Pattern SERIES = Pattern.compile("depthstream_[a-z0-9_]+");

  private final RepositoryFiles repository = RepositoryFiles.locate();

  @Test
  void theReadmeTableHasOneRowPerMeter() throws IOException {
    String readme = Files.readString(repository.resolve("streams/README.md"));
    String section = readme.substring(readme.indexOf("## Metrics"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    Set<String> rows = new TreeSet<>();
    Matcher row = Pattern.compile("(?m)^\\| `(depthstream\\.[a-z0-9_.]+)` \\|").matcher(section);
    while (row.find()) {
      rows.add(row.group(1));
    }
    assertThat(rows).containsExactlyInAnyOrderElementsOf(MeterNames.ALL);
  }

  @Test
  void everySeriesOfTheScrapeIsAListedMeter() {
    Set<String> scraped =
        ServiceMeters.scrapeNames().stream()
            .filter(name -> name.startsWith("depthstream_"))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(scraped).isNotEmpty().allSatisfy(name -> assertThat(meterOf(name)).isNotNull());
    // And the scrape shows every meter, so dashboards are checked against all of them; except the
    // skipped-records counter, which the handlers Kafka Streams creates tick in Micrometer's
    // global registry.
    Set<String> shown = scraped.stream().map(MeterNamesTest::meterOf).collect(Collectors.toSet());
    assertThat(MeterNames.ALL)
        .filteredOn(name -> !name.equals(MeterNames.RECORDS_SKIPPED))
        .allSatisfy(name -> assertThat(shown).contains(name));
  }

  @Test
  void dashboardsAndAlertsUseListedMetersOnly() throws IOException {
    List<Path> files;
    try (Stream<Path> dashboards =
            Files.list(repository.root().resolve("deploy/grafana/dashboards"));
        Stream<Path> k8s = Files.list(repository.root().resolve("k8s"))) {
      files =
          Stream.concat(
                  Stream.concat(dashboards, k8s),
                  Stream.of(repository.resolve("deploy/prometheus/alerts.yml")))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    }
    Set<String> used = new TreeSet<>();
    for (Path file : files) {
      Matcher series = SERIES.matcher(Files.readString(file));
      while (series.find()) {
        used.add(series.group() + " in " + repository.name(file));
      }
    }
    assertThat(used)
        .isNotEmpty()
        .allSatisfy(
            use -> assertThat(meterOf(use.substring(0, use.indexOf(' ')))).as(use).isNotNull());
  }

  /** The meter a Prometheus series belongs to, or null. */
  private static String meterOf(String series) {
    for (String name : MeterNames.ALL) {
      for (String suffix : SUFFIXES) {
        if (series.equals(MeterNames.prometheus(name) + suffix)) {
          return name;
        }
      }
    }
    return null;
  }
}
