package io.depthstream.streams.it;

import io.quarkus.bootstrap.app.AugmentResult;
import io.quarkus.bootstrap.app.CuratedApplication;
import io.quarkus.bootstrap.app.QuarkusBootstrap;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The service packaged as the images ship it: Quarkus' fast-jar ({@code quarkus-app/} with {@code
 * quarkus-run.jar}), what {@code ./depthstream serve} and the Dockerfile run.
 *
 * <p>{@code mvn test} stops before the {@code package} phase, where the Quarkus Maven plugin builds
 * {@code streams/target/quarkus-app}, so on a clean clone that folder does not exist yet. This
 * builds the same package from the module's compiled classes with Quarkus' own production
 * augmentation ({@link QuarkusBootstrap} in {@code PROD} mode, what the plugin's {@code build} goal
 * calls), into a folder of the test's choosing: the test never runs a stale package, and never
 * writes into one the developer uses.
 */
final class ServicePackage {

  private ServicePackage() {}

  /**
   * Builds the service's fast-jar under {@code targetDirectory}; returns the {@code quarkus-app}
   * folder that holds {@code quarkus-run.jar}.
   */
  static Path build(Path targetDirectory) throws Exception {
    Path module = Path.of("").toAbsolutePath();
    Path classes = module.resolve(System.getProperty("ds.buildDir", "target")).resolve("classes");
    if (!Files.isDirectory(classes.resolve("io"))) {
      throw new IllegalStateException(
          "no compiled service classes in "
              + classes
              + ": run the test through Maven from the repository (mvn -pl streams test)");
    }
    QuarkusBootstrap bootstrap =
        QuarkusBootstrap.builder()
            .setApplicationRoot(classes)
            .setProjectRoot(module)
            .setMode(QuarkusBootstrap.Mode.PROD)
            .setLocalProjectDiscovery(true)
            .setIsolateDeployment(true)
            .setTargetDirectory(targetDirectory)
            .setBaseName("depthstream-streams")
            .build();
    try (CuratedApplication application = bootstrap.bootstrap()) {
      AugmentResult result = application.createAugmentor().createProductionApplication();
      Path jar = result.getJar().getPath();
      if (!jar.getFileName().toString().equals("quarkus-run.jar")) {
        throw new IllegalStateException(
            "Quarkus built " + jar + ", not a fast-jar quarkus-run.jar");
      }
      return jar.getParent();
    }
  }
}
