package io.depthstream.streams.deploy;

import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import io.depthstream.streams.deploy.PodVolumes.Mounted;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The service's containers can write where the service writes, and only there: the image runs as a
 * non-root user on an application it cannot change, creates Kafka Streams' state directory
 * (kafka-streams.state.dir as the container resolves it, DEPTHSTREAM_STATE_DIR) owned by that user,
 * and compose and Kubernetes mount a volume of their own at exactly that path, for the same user.
 * PackagedServiceIntegrationTest runs the packaged service under the same conditions.
 */
class StateDirectoryManifestsTest {

  private static final Pattern MKDIR = Pattern.compile("mkdir\\s+(?:-\\S+\\s+)*(\\S+)");
  private static final Pattern CHOWN =
      Pattern.compile("chown\\s+(-R\\s+)?(\\d+)(?::(\\d+))?\\s+(\\S+)");

  /** A user and group of an image, as numbers. */
  record User(int uid, int gid) {}

  private static ServiceContainers images;

  @BeforeAll
  static void load() {
    images = ServiceContainers.load(RepositoryFiles.locate());
  }

  @Test
  void imagesCreateTheStateDirectoryForTheirNonRootUser() {
    Problems problems = new Problems();
    for (Dockerfile.Stage stage : images.dockerfile().stages()) {
      if (!images.runsService(stage.name())) {
        continue;
      }
      String where = "Dockerfile stage " + stage.name();
      Optional<User> user = user(stage);
      problems.check(
          user.isPresent() && user.get().uid() != 0,
          where,
          "USER " + stage.all("USER") + " is not a numeric non-root uid:gid");
      String state = stateDirectory(images.withImageEnvironment(stage.name(), Map.of()));
      problems.check(
          state.startsWith("/"),
          where,
          "kafka-streams.state.dir resolves to "
              + state
              + ", relative to the working directory; set DEPTHSTREAM_STATE_DIR to an absolute"
              + " folder");
      String runs = String.join("\n", stage.all("RUN"));
      problems.check(
          created(runs, state), where, "no RUN creates the state directory " + state + " (mkdir)");
      user.ifPresent(
          u ->
              problems.check(
                  ownedBy(runs, state, u),
                  where,
                  "no RUN gives " + state + " to the image's user " + u.uid() + ":" + u.gid()));
      for (String copy : stage.all("COPY")) {
        problems.check(
            !copy.contains("--chown"),
            where,
            "COPY " + copy + " makes the application writable by the user that runs it");
      }
    }
    problems.assertNone("Dockerfile state directory");
  }

  @Test
  void composeMountsAVolumeOfItsOwnAtEachServicesStateDirectory() {
    Problems problems = new Problems();
    ComposeProject compose = images.compose();
    Map<String, String> owners = new HashMap<>();
    images
        .composeApps()
        .forEach(
            (name, app) -> {
              String where = ComposeProject.FILE + " service " + name;
              String state =
                  stateDirectory(
                      images.withImageEnvironment(images.target(app), compose.environment(app)));
              Optional<ComposeProject.Mount> mount =
                  compose.mounts(app).stream().filter(m -> m.target().equals(state)).findFirst();
              problems.check(
                  mount.isPresent() && mount.get().named() && !mount.get().readOnly(),
                  where,
                  "no writable named volume at the state directory " + state);
              mount.ifPresent(
                  m -> {
                    problems.check(
                        compose.namedVolumes().contains(m.source()),
                        where,
                        "volume " + m.source() + " is not declared under the top-level volumes");
                    String other = owners.putIfAbsent(m.source(), name);
                    problems.check(
                        other == null,
                        where,
                        "shares state volume "
                            + m.source()
                            + " with "
                            + other
                            + "; two Kafka Streams instances must never share a state directory");
                  });
              if (Boolean.parseBoolean(Nodes.text(app, "read_only"))) {
                problems.check(
                    Nodes.list(app, "tmpfs").stream().anyMatch(t -> Objects.equals(t, "/tmp"))
                        || compose.mounts(app).stream().anyMatch(m -> m.target().equals("/tmp")),
                    where,
                    "read_only without a writable /tmp: ONNX Runtime and RocksDB unpack their"
                        + " native libraries there");
              }
            });
    problems.assertNone(ComposeProject.FILE + " state volumes");
  }

  @Test
  void kubernetesMountsAVolumeAtTheStateDirectoryForTheImagesUser() {
    Problems problems = new Problems();
    for (Manifest d : images.serviceDeployments()) {
      String stage = images.imageTarget(d);
      Map<String, Object> container = ServiceContainers.containers(d).get(0);
      String state =
          stateDirectory(
              images.withImageEnvironment(
                  stage, images.kubernetesEnvironment(new Problems(), d, container)));
      Optional<Mounted> mounted = PodVolumes.of(d).at(state);
      problems.check(
          mounted.isPresent()
              && mounted.get().mountPath().equals(state)
              && !mounted.get().readOnly()
              && Set.of("emptyDir", "persistentVolumeClaim", "ephemeral")
                  .contains(mounted.get().kind()),
          d.where(),
          "no writable emptyDir or claim is mounted at the state directory "
              + state
              + mounted.map(m -> " (found " + m.kind() + " at " + m.mountPath() + ")").orElse(""));
      Map<String, Object> pod = Nodes.map(d.doc(), "spec", "template", "spec", "securityContext");
      images
          .dockerfile()
          .stage(stage)
          .flatMap(StateDirectoryManifestsTest::user)
          .ifPresent(
              u -> {
                problems.check(
                    Integer.toString(u.uid()).equals(Nodes.text(pod, "runAsUser")),
                    d.where(),
                    "runAsUser "
                        + Nodes.text(pod, "runAsUser")
                        + ", the image's USER is "
                        + u.uid());
                problems.check(
                    List.of(
                            Objects.toString(Nodes.text(pod, "runAsGroup")),
                            Objects.toString(Nodes.text(pod, "fsGroup")))
                        .contains(Integer.toString(u.gid())),
                    d.where(),
                    "neither runAsGroup nor fsGroup is the image's group " + u.gid());
              });
    }
    problems.assertNone("k8s state volumes");
  }

  /** kafka-streams.state.dir as a container with this environment resolves it. */
  private static String stateDirectory(Map<String, String> environment) {
    return ContainerSettings.of(environment).value("kafka-streams.state.dir").orElse("");
  }

  /** The stage's last USER, as numbers (the group defaults to 0, as Docker's does). */
  static Optional<User> user(Dockerfile.Stage stage) {
    List<String> users = stage.all("USER");
    if (users.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = Pattern.compile("(\\d+)(?::(\\d+))?").matcher(users.get(users.size() - 1));
    return m.matches()
        ? Optional.of(
            new User(
                Integer.parseInt(m.group(1)),
                m.group(2) == null ? 0 : Integer.parseInt(m.group(2))))
        : Optional.empty();
  }

  private static boolean created(String runs, String directory) {
    Matcher m = MKDIR.matcher(runs);
    while (m.find()) {
      if (PodVolumes.under(m.group(1), directory)) {
        return true;
      }
    }
    return false;
  }

  /** A chown gives the directory (or, with -R, a folder above it) to the user and group. */
  private static boolean ownedBy(String runs, String directory, User user) {
    Matcher m = CHOWN.matcher(runs);
    while (m.find()) {
      boolean reaches =
          m.group(4).equals(directory)
              || (m.group(1) != null && PodVolumes.under(directory, m.group(4)));
      boolean owner =
          Integer.parseInt(m.group(2)) == user.uid()
              && (m.group(3) == null || Integer.parseInt(m.group(3)) == user.gid());
      if (reaches && owner) {
        return true;
      }
    }
    return false;
  }
}
