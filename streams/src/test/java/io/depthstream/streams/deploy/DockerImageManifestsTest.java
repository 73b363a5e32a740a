package io.depthstream.streams.deploy;

import io.depthstream.streams.deploy.KubernetesManifests.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and its context: every image of the deployment is pinned, the default stage runs
 * the CPU service and a CUDA stage the GPU build, and .dockerignore keeps what the build copies.
 */
class DockerImageManifestsTest extends DeploymentFixture {

  @Test
  void everyImageIsPinnedToAVersion() {
    Problems problems = new Problems();
    dockerfile
        .externalImages()
        .forEach(image -> ContainerChecks.checkPinned(problems, "Dockerfile", image));
    compose
        .services()
        .forEach(
            (name, service) ->
                compose
                    .image(service)
                    .ifPresentOrElse(
                        image ->
                            ContainerChecks.checkPinned(
                                problems, ComposeProject.FILE + " service " + name, image),
                        () ->
                            problems.add(
                                ComposeProject.FILE, "service " + name + " names no image")));
    for (Manifest m : k8s.all()) {
      for (Map<String, Object> c : ServiceContainers.containers(m)) {
        ContainerChecks.checkPinned(problems, m.where(), Objects.toString(c.get("image"), ""));
      }
    }
    problems.assertNone("pinned images");
  }

  @Test
  void dockerfileBuildsTheServiceOnCpuByDefaultAndOnCudaWithTheGpuProfile() {
    Problems problems = new Problems();
    Dockerfile.Stage last = dockerfile.defaultStage();
    problems.check(
        images.runsService(last.name()) && !images.gpuBuild(last.name()),
        "Dockerfile",
        "the default (last) stage "
            + last.name()
            + " should run the CPU service (streams/target/quarkus-app, no -Pgpu)");
    List<Dockerfile.Stage> gpu =
        dockerfile.stages().stream()
            .filter(s -> images.runsService(s.name()) && images.gpuBuild(s.name()))
            .toList();
    problems.check(
        !gpu.isEmpty(),
        "Dockerfile",
        "no stage runs the service built with -Pgpu (onnxruntime_gpu); add a service-gpu target");
    for (Dockerfile.Stage stage : dockerfile.stages()) {
      if (!images.runsService(stage.name())) {
        continue;
      }
      problems.check(
          stage.all("EXPOSE").contains(Integer.toString(defaults.httpPort())),
          "Dockerfile",
          "stage "
              + stage.name()
              + " should EXPOSE "
              + defaults.httpPort()
              + " (the service's HTTP port)");
      containers.checkEnvironmentNames(
          problems, "Dockerfile stage " + stage.name(), stage.name(), stage.environment().keySet());
      if (images.gpuBuild(stage.name())) {
        problems.check(
            stage.base().startsWith("nvidia/cuda:") && stage.base().contains("cudnn"),
            "Dockerfile",
            "GPU stage "
                + stage.name()
                + " runs on "
                + stage.base()
                + "; ONNX Runtime's CUDA build needs an nvidia/cuda *-cudnn-runtime base");
      }
    }
    problems.assertNone("Dockerfile");
  }

  @Test
  void dockerignoreKeepsWhatTheBuildCopies() {
    Problems problems = new Problems();
    List<String> ignored = DockerIgnore.patterns(files.text(".dockerignore"));
    for (Dockerfile.Stage stage : dockerfile.stages()) {
      for (String copy : stage.all("COPY")) {
        if (copy.contains("--from=")) {
          continue;
        }
        String[] parts = copy.replaceAll("--\\S+", "").trim().split("\\s+");
        for (int i = 0; i < parts.length - 1; i++) {
          String source = parts[i].replaceAll("/$", "");
          for (String pattern : ignored) {
            problems.check(
                !DockerIgnore.ignoredBy(source, pattern),
                ".dockerignore",
                pattern
                    + " keeps "
                    + source
                    + " out of the build context, but Dockerfile stage "
                    + stage.name()
                    + " copies it");
          }
        }
      }
    }
    problems.check(
        ignored.stream().anyMatch(p -> DockerIgnore.ignoredBy("streams/target", p)),
        ".dockerignore",
        "build outputs (target folders) should stay out of the context");
    problems.assertNone(".dockerignore");
  }
}
