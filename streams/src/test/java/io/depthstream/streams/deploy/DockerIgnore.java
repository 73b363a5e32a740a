package io.depthstream.streams.deploy;

import java.util.List;

/** The patterns of a .dockerignore file and Docker's rule for matching them. */
final class DockerIgnore {

  private DockerIgnore() {}

  /** The file's exclusion patterns: no blank lines, comments or {@code !} exceptions. */
  static List<String> patterns(String text) {
    return text.lines()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!"))
        .toList();
  }

  /**
   * Docker's rule for the patterns used here: a path or its prefix, * in a name, ** for any depth.
   */
  static boolean ignoredBy(String path, String pattern) {
    String p = pattern.replaceAll("^/|/$", "");
    // "**/" first, through a placeholder, so that its "*" is not read as a single-level one.
    String regex =
        p.replace(".", "\\.")
            .replace("**/", "\u0000")
            .replace("*", "[^/]*")
            .replace("\u0000", "(.*/)?");
    return path.matches(regex + "(/.*)?");
  }
}
