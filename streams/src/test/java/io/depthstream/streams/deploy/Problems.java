package io.depthstream.streams.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Mismatches found in the deployment files, each naming its file; reported all at once. */
final class Problems {

  // A set: the CPU and GPU variants of one Deployment often share a mismatch; say it once.
  private final Set<String> found = new LinkedHashSet<>();

  /** Records {@code message} against {@code file} unless {@code ok}. */
  void check(boolean ok, String file, String message) {
    if (!ok) {
      add(file, message);
    }
  }

  void add(String file, String message) {
    found.add(file + ": " + message);
  }

  List<String> found() {
    return List.copyOf(found);
  }

  /** Fails the test with every mismatch, one per line. */
  void assertNone(String what) {
    if (!found.isEmpty()) {
      fail(
          what
              + " — "
              + found.size()
              + " mismatch(es) between the deployment files and the service:\n  "
              + String.join("\n  ", found));
    }
  }
}
