package io.depthstream.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * core is the framework-free bottom of the tree (docs/DESIGN.md "Modules"): the trainer, the
 * service and the commands all build on it, so it may know none of their frameworks, no Kafka and
 * no Avro (the wire records live in schemas and are filled in by fleet and the service), and none
 * of the modules above it.
 */
@AnalyzeClasses(packages = "io.depthstream.core", importOptions = LayerRulesTest.MainClasses.class)
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

  @ArchTest
  static final ArchRule noKafkaNorAvro =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.kafka..", "kafka..", "org.apache.avro..", "io.depthstream.schemas..")
          .because("records are built and sent by fleet/ and the service, not by core");

  @ArchTest
  static final ArchRule noQuarkus =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.quarkus..", "io.smallrye..", "jakarta.enterprise..", "jakarta.inject..")
          .because("the trainer and the commands run core without a container");

  @ArchTest
  static final ArchRule noDeeplearning4j =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("org.deeplearning4j..", "org.nd4j..")
          .because("the service and the commands run core without ND4J's native libraries");

  @ArchTest
  static final ArchRule nothingOfTheModulesAbove =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.depthstream.fleet..",
              "io.depthstream.broker..",
              "io.depthstream.cli..",
              "io.depthstream.trainer..",
              "io.depthstream.streams..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.depthstream.core.(*)..").should().beFreeOfCycles();
}
