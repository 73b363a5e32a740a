package io.depthstream.streams.deploy;

import java.util.Set;

/** The nearest real name to a misspelt one, by edit distance, for error messages. */
final class NearestName {

  private NearestName() {}

  /** ", did you mean x?" for the nearest real name by edit distance, if it is near. */
  static String closest(String name, Set<String> metrics) {
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

  static int editDistance(String a, String b) {
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
}
