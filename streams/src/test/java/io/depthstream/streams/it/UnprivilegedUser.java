package io.depthstream.streams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A non-root user to run a child process as, the way a container image's {@code USER} runs it.
 * Under root that is uid:gid 185:185 (the images' user, which has no entry in /etc/passwd there
 * either) through util-linux's {@code setpriv}, else {@code nobody} through {@code runuser}; a test
 * that already runs as another user runs the child as itself.
 *
 * @param description how the child is run, for messages
 * @param prefix the command line that precedes the child's own
 * @param uid the child's user id
 * @param gid the child's group id
 */
record UnprivilegedUser(String description, List<String> prefix, int uid, int gid) {

  /** The Dockerfile's {@code USER 185:185}. */
  static final int IMAGE_UID = 185;

  static final int IMAGE_GID = 185;

  /** The user a child can run as here, or empty when this runs as root with no way to drop it. */
  static Optional<UnprivilegedUser> find() {
    int uid = currentUid();
    if (uid != 0) {
      return Optional.of(
          new UnprivilegedUser("uid " + uid + " (this test's own user)", List.of(), uid, -1));
    }
    if (onPath("setpriv")) {
      return Optional.of(
          new UnprivilegedUser(
              "uid " + IMAGE_UID + " via setpriv",
              List.of(
                  "setpriv",
                  "--reuid=" + IMAGE_UID,
                  "--regid=" + IMAGE_GID,
                  "--clear-groups",
                  "--"),
              IMAGE_UID,
              IMAGE_GID));
    }
    if (onPath("runuser")) {
      return nobody()
          .map(
              ids ->
                  new UnprivilegedUser(
                      "nobody (uid " + ids[0] + ") via runuser",
                      List.of("runuser", "-u", "nobody", "--"),
                      ids[0],
                      ids[1]));
    }
    return Optional.empty();
  }

  /** True when this user is root's stand-in: files must be given to it explicitly. */
  boolean switched() {
    return !prefix.isEmpty();
  }

  /** {@code command} run as this user. */
  List<String> command(List<String> command) {
    List<String> full = new ArrayList<>(prefix);
    full.addAll(command);
    return full;
  }

  /** Makes {@code path} this user's, when it is another user than the test's. */
  void own(Path path) throws IOException {
    if (switched()) {
      Files.setAttribute(path, "unix:uid", uid);
      Files.setAttribute(path, "unix:gid", gid);
    }
  }

  /** The owner of a file made now: this process's effective uid, without JNI or /proc. */
  private static int currentUid() {
    try {
      Path probe = Files.createTempFile("depthstream-uid", ".probe");
      try {
        return (Integer) Files.getAttribute(probe, "unix:uid");
      } finally {
        Files.delete(probe);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new IllegalStateException("cannot tell which user this test runs as", e);
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
    for (String dir : path.split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** nobody's uid and gid from /etc/passwd. */
  private static Optional<int[]> nobody() {
    try {
      return Files.readAllLines(Path.of("/etc/passwd")).stream()
          .map(line -> line.split(":"))
          .filter(f -> f.length > 3 && f[0].equals("nobody"))
          .map(f -> new int[] {Integer.parseInt(f[2]), Integer.parseInt(f[3])})
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /etc/passwd", e);
    }
  }
}
