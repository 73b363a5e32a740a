package io.depthstream.streams.deploy;

import io.depthstream.broker.TopicSpec;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Topics as a deployment creates them (kafka-topics.sh command lines, Strimzi KafkaTopics) against
 * what the service provisions ({@code ServiceTopics}).
 */
final class TopicChecks {

  private static final Pattern TOPIC_LINE = Pattern.compile("--topic[ =](\\S+)");
  private static final Pattern PARTITIONS = Pattern.compile("--partitions[ =](\\d+)");
  private static final Pattern CONFIG = Pattern.compile("--config[ =]([\\w.]+)=(\\S+)");

  private TopicChecks() {}

  static void compareTopics(
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

  static Map<String, TopicSpec> topicsCreatedBy(String command) {
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

  static Map<String, TopicSpec> byName(List<TopicSpec> specs) {
    Map<String, TopicSpec> map = new TreeMap<>();
    specs.forEach(s -> map.put(s.name(), s));
    return map;
  }
}
