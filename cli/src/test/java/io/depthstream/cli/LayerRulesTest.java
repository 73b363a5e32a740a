package io.depthstream.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The commands are Kafka clients, never a Kafka server: the in-process broker is for their tests
 * (test scope in cli/pom.xml), and `./depthstream publish` runs on cli/target/lib alone.
 */
@AnalyzeClasses(packages = "io.depthstream.cli", importOptions = LayerRulesTest.MainClasses.class)
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
  static final ArchRule noBroker =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("io.depthstream.broker..", "kafka..", "org.apache.kafka.server..");

  @ArchTest
  static final ArchRule noServiceNorTrainer =
      noClasses()
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.depthstream.streams..",
              "io.depthstream.trainer..",
              "io.quarkus..",
              "org.deeplearning4j..",
              "org.nd4j..");

  @ArchTest
  static final ArchRule noPackageCycles =
      slices().matching("io.depthstream.cli.(*)..").should().beFreeOfCycles();
}
