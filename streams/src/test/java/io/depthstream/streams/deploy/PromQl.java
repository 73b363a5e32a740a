package io.depthstream.streams.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL reading to cross-check expressions against the service: the metric names an
 * expression selects and its {@code label="value"} equality matchers. Grafana variables ({@code
 * $model}, {@code $__rate_interval}) are ignored.
 */
final class PromQl {

  /** An equality matcher, {@code topic="camera.frames"}. */
  record LabelMatch(String label, String value) {}

  private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");
  private static final Pattern SELECTOR = Pattern.compile("\\{[^}]*}");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern RANGE = Pattern.compile("\\[[^]]*]");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
  private static final Pattern IDENTIFIER =
      Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(?![\\w:])(\\s*\\()?");
  private static final Pattern EQUALITY =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Set<String> KEYWORDS =
      Set.of(
          "and",
          "or",
          "unless",
          "bool",
          "offset",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "inf",
          "nan",
          "Inf",
          "NaN");

  private PromQl() {}

  /**
   * The metric names {@code expr} selects (identifiers that are neither functions nor keywords).
   */
  static Set<String> metricNames(String expr) {
    String s = VARIABLE.matcher(expr).replaceAll(" ");
    s = STRING.matcher(s).replaceAll("\"\"");
    s = SELECTOR.matcher(s).replaceAll(" ");
    s = GROUPING.matcher(s).replaceAll(" ");
    s = RANGE.matcher(s).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(s);
    while (m.find()) {
      boolean function = m.group(2) != null;
      if (!function && !KEYWORDS.contains(m.group(1))) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /**
   * Every {@code label="value"} inside the selectors of {@code expr} ({@code =~}, {@code !=} not).
   */
  static List<LabelMatch> equalityMatchers(String expr) {
    List<LabelMatch> matchers = new ArrayList<>();
    Matcher selectors = SELECTOR.matcher(expr);
    while (selectors.find()) {
      Matcher eq = EQUALITY.matcher(selectors.group());
      while (eq.find()) {
        // label!="x" and label=~"x" never match: the character after the name is not "=\"".
        matchers.add(new LabelMatch(eq.group(1), eq.group(2)));
      }
    }
    return matchers;
  }
}
