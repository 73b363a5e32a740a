package io.depthstream.trainer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The trainer reads files and writes bundles (docs/DESIGN.md "Modules"): it never talks to Kafka
 * and never runs in the service's container, whose model it feeds only through a bundle on disk.
 */
@AnalyzeClasses(
    packages = "io.depthstream.trainer",
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

  @ArchTest
  static final ArchRule noQuarkus =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.quarkus..", "io.smallrye..", "jakarta.enterprise..", "jakarta.inject..");

  @ArchTest
  static final ArchRule noKafka =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "org.apache.kafka..",
              "kafka..",
              "io.depthstream.fleet..",
              "io.depthstream.broker..",
              "io.depthstream.streams..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.depthstream.trainer.(*)..").should().beFreeOfCycles();
}
