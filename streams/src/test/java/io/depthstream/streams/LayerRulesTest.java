package io.depthstream.streams;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The service runs a model, it does not train one: no DL4J or ND4J. And its pipeline (the packages
 * a frame passes through, and the settings and registry they share) runs the same whatever is
 * around it: it knows nothing of the demo, the live page, the benchmark or where its broker comes
 * from ({@code kafka} starts the in-process one, module broker/), so each of those can change or go
 * without touching it.
 */
@AnalyzeClasses(
    packages = "io.depthstream.streams",
    importOptions = LayerRulesTest.MainClasses.class)
class LayerRulesTest {

  /** This module's own classes; its tests may use what they like. */
  public static final class MainClasses implements ImportOption {
    @Override
    public boolean includes(Location location) {
      // Not ImportOption.DoNotIncludeTests: it knows target/test-classes only, and parallel
      // builds here write to target-<name>/test-classes.
      return !location.contains("/test-classes/");
    }
  }

  private static final String[] PIPELINE = {
    "io.depthstream.streams.clock..",
    "io.depthstream.streams.cameras..",
    "io.depthstream.streams.failures..",
    "io.depthstream.streams.dlq..",
    "io.depthstream.streams.groundtruth..",
    "io.depthstream.streams.inference..",
    "io.depthstream.streams.matching..",
    "io.depthstream.streams.windows..",
    "io.depthstream.streams.topology..",
    "io.depthstream.streams.topics..",
    "io.depthstream.streams.views..",
    "io.depthstream.streams.observability..",
    "io.depthstream.streams.meters..",
    "io.depthstream.streams.config.."
  };

  @ArchTest
  static final ArchRule noDeeplearning4j =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "io.depthstream.trainer..");

  @ArchTest
  static final ArchRule pipelineKnowsNothingAroundIt =
      noClasses()
          .that()
          .resideInAnyPackage(PIPELINE)
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.depthstream.streams.demo..",
              "io.depthstream.streams.live..",
              "io.depthstream.streams.bench..",
              "io.depthstream.streams.kafka..",
              "io.depthstream.broker..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.depthstream.streams.(*)..").should().beFreeOfCycles();
}
