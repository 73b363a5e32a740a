package io.depthstream.streams.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelOutput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.onnx.OnnxTestModels;
import io.depthstream.core.onnx.OnnxTestModels.MeanModel;
import io.depthstream.schemas.ModelEventKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The catalog and the watcher on real ONNX Runtime sessions of real (tiny) bundles. */
class ModelCatalogTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

  @TempDir Path temp;
  private final ModelLoader loader =
      new ModelLoader(
          EngineOptions.defaults().withDevice(io.depthstream.core.inference.DeviceChoice.CPU));
  private final List<ModelCatalog> catalogs = new ArrayList<>();

  @AfterEach
  void close() {
    catalogs.forEach(ModelCatalog::close);
  }

  static ModelBundle bundle(Path directory, String id, float gain) {
    return OnnxTestModels.writeBundle(
        directory,
        id,
        MeanModel.of(gain, 0f, 8, 8),
        8,
        8,
        new ModelOutput(OutputKind.DEPTH_M, 1.0, 0.1, 10.0));
  }

  private ModelCatalog catalog(ServingModel champion, ServingModel... challengers) {
    ModelCatalog catalog =
        new ModelCatalog(
            champion, List.of(challengers), new ChallengerSampling(1.0), CLOCK, "test");
    catalogs.add(catalog);
    return catalog;
  }

  @Test
  void promotionSwapsAtOnePointAndKeepsTheOldChampionAsChallenger() {
    ServingModel a = loader.open(bundle(temp.resolve("a"), "model-a", 10f));
    ServingModel b = loader.open(bundle(temp.resolve("b"), "model-b", 8f));
    ModelCatalog catalog = catalog(a, b);
    List<ModelChange> published = new ArrayList<>();
    catalog.onChange(published::add);

    ServingModel.Lease before = catalog.championLease();
    ModelChange change = catalog.promote("model-b", ModelEventKind.PROMOTED, "admin", "sharper");

    assertThat(before.model().id()).isEqualTo("model-a");
    try (ServingModel.Lease after = catalog.championLease()) {
      assertThat(after.model().id()).isEqualTo("model-b");
    }
    assertThat(catalog.lineup().challengers())
        .extracting(ServingModel::id)
        .containsExactly("model-a");
    assertThat(change.oldModelId()).isEqualTo("model-a");
    assertThat(change.newModelId()).isEqualTo("model-b");
    assertThat(change.toEvent().getReason()).isEqualTo("sharper");
    assertThat(change.toEvent().getTime()).isEqualTo(CLOCK.instant());
    assertThat(published).containsExactly(change);
    // The demoted champion still runs as a challenger: its session stays open.
    before.close();
    assertThat(a.closed()).isFalse();
    assertThat(catalog.challengerLeases("v0/cam0", 1)).hasSize(1);
  }

  @Test
  void unknownAndDuplicateModelsAreRefusedWithTheFix() {
    ServingModel a = loader.open(bundle(temp.resolve("a"), "model-a", 10f));
    ModelCatalog catalog = catalog(a);
    assertThatThrownBy(() -> catalog.promote("nope", ModelEventKind.PROMOTED, "admin", "x"))
        .isInstanceOf(UnknownModelException.class)
        .hasMessageContaining("model-a");
    assertThatThrownBy(() -> catalog.promote("model-a", ModelEventKind.PROMOTED, "admin", "x"))
        .hasMessageContaining("already the champion");
    ServingModel twin = loader.open(bundle(temp.resolve("twin"), "model-a", 9f));
    assertThatThrownBy(
            () -> new ModelCatalog(a, List.of(twin), new ChallengerSampling(1), CLOCK, "test"))
        .hasMessageContaining("its own \"id\"");
    twin.retire();
  }

  @Test
  void aReplacedSessionClosesOnlyAfterItsLastFrame() {
    ServingModel v1 = loader.open(bundle(temp.resolve("a"), "model-a", 10f));
    ModelCatalog catalog = catalog(v1);
    ServingModel.Lease inFlight = catalog.championLease();
    ServingModel v2 = loader.open(bundle(temp.resolve("a2"), "model-a", 12f));

    catalog.replaceChampion(v2, "test", "new version");

    assertThat(v1.closed()).isFalse();
    assertThat(inFlight.estimator().bundle().id()).isEqualTo("model-a");
    inFlight.close();
    assertThat(v1.closed()).isTrue();
    inFlight.close(); // a second close releases nothing more
    assertThat(v2.closed()).isFalse();
    try (ServingModel.Lease next = catalog.championLease()) {
      assertThat(next.model()).isSameAs(v2);
    }
  }

  @Test
  void watcherSwapsInANewVersionOnlyOnceItIsWhole() throws IOException {
    Path directory = temp.resolve("champion");
    ServingModel v1 = loader.open(bundle(directory, "model-a", 10f));
    ModelCatalog catalog = catalog(v1);
    BundleWatcher watcher = new BundleWatcher(catalog, loader::open);
    assertThat(watcher.poll()).isEmpty();

    // A new version is copied in: first the new weights (model.json still has the old checksum)...
    Path staging = temp.resolve("staging");
    ModelBundle next = bundle(staging, "model-a", 12f);
    Files.copy(
        staging.resolve("model.onnx"),
        directory.resolve("model.onnx"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(watcher.poll()).isEmpty();
    assertThat(catalog.champion()).isSameAs(v1);

    // ...then model.json with the new version and checksum.
    String json =
        Files.readString(staging.resolve("model.json"), StandardCharsets.UTF_8)
            .replace("\"version\" : \"1.0.0\"", "\"version\" : \"2.0.0\"");
    assertThat(json).contains("2.0.0").contains(next.sha256());
    Path descriptor = directory.resolve("model.json");
    long oldSize = Files.size(descriptor);
    java.nio.file.attribute.FileTime oldTime = Files.getLastModifiedTime(descriptor);
    Files.writeString(descriptor, json, StandardCharsets.UTF_8);
    // The worst case, and what a coarse file clock gives a rewrite within one tick of the last
    // poll: the new descriptor has the old size (a version and a checksum of the same lengths) and
    // the old time. Only its content says it changed.
    assertThat(Files.size(descriptor)).isEqualTo(oldSize);
    Files.setLastModifiedTime(descriptor, oldTime);

    ModelChange change = watcher.poll().orElseThrow();
    assertThat(change.kind()).isEqualTo(ModelEventKind.RELOADED);
    assertThat(change.oldModelVersion()).isEqualTo("1.0.0");
    assertThat(change.newModelVersion()).isEqualTo("2.0.0");
    assertThat(change.reason()).contains("1.0.0 -> 2.0.0").contains(next.sha256().substring(0, 12));
    assertThat(catalog.champion().version()).isEqualTo("2.0.0");
    assertThat(catalog.champion().bundle().sha256()).isEqualTo(next.sha256());
    assertThat(v1.closed()).isTrue();
    assertThat(watcher.poll()).isEmpty();
  }

  @Test
  void samplingIsDeterministicAndNearItsFraction() {
    ChallengerSampling tenth = new ChallengerSampling(0.1);
    int in = 0;
    for (long sequence = 0; sequence < 20_000; sequence++) {
      boolean sampled = tenth.sampled("v" + (sequence % 7) + "/cam0", sequence);
      assertThat(new ChallengerSampling(0.1).sampled("v" + (sequence % 7) + "/cam0", sequence))
          .isEqualTo(sampled);
      in += sampled ? 1 : 0;
    }
    // Binomial(20000, 0.1): mean 2000, standard deviation 42.4; ±5 sd.
    assertThat(in).isBetween(1788, 2212);
    assertThat(new ChallengerSampling(1).sampled("v0/cam0", 3)).isTrue();
    assertThat(new ChallengerSampling(0).sampled("v0/cam0", 3)).isFalse();
    assertThatThrownBy(() -> new ChallengerSampling(1.5)).hasMessageContaining("challenger-sample");
  }

  @Test
  void adminTokenChecksTheBearerHeader() {
    AdminToken token = new AdminToken(java.util.Optional.of("s3cret-token"));
    assertThat(token.check(null)).isEqualTo(AdminToken.Verdict.MISSING);
    assertThat(token.check("Basic czNjcmV0")).isEqualTo(AdminToken.Verdict.MISSING);
    assertThat(token.check("Bearer ")).isEqualTo(AdminToken.Verdict.MISSING);
    assertThat(token.check("Bearer s3cret-tokeN")).isEqualTo(AdminToken.Verdict.WRONG);
    assertThat(token.check("Bearer s3cret-token")).isEqualTo(AdminToken.Verdict.ALLOWED);
    assertThat(token.check("bearer s3cret-token")).isEqualTo(AdminToken.Verdict.ALLOWED);
    assertThat(new AdminToken(java.util.Optional.empty()).check("Bearer x"))
        .isEqualTo(AdminToken.Verdict.DISABLED);
    assertThat(new AdminToken(java.util.Optional.of(" ")).enabled()).isFalse();
  }
}
