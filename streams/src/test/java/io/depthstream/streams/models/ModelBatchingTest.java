package io.depthstream.streams.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DeviceChoice;
import io.depthstream.core.inference.DynamicBatcher;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.streams.TestConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** depthstream.model.batch.* and the batcher's life with its ServingModel, on real sessions. */
class ModelBatchingTest {

  @TempDir Path temp;

  @Test
  void shippedDefaultsAreAutoAndTwoMillis() {
    ModelBatching batching = ModelBatching.of(TestConfig.load(Map.of()).model());
    assertThat(batching.maxSize()).isEmpty();
    assertThat(batching.maxWait()).isEqualTo(Duration.ofMillis(2));
    assertThat(batching.maxSizeOn("CUDA")).isEqualTo(8);
    assertThat(batching.maxSizeOn("CPU")).isEqualTo(1);
  }

  @Test
  void aNumberIsUsedOnEveryDeviceAndNonsenseIsRefused() {
    ModelBatching four =
        ModelBatching.of(
            TestConfig.load(
                    Map.of(
                        "depthstream.model.batch.max-size", "4",
                        "depthstream.model.batch.max-wait", "5ms"))
                .model());
    assertThat(four.maxSize()).isEqualTo(OptionalInt.of(4));
    assertThat(four.maxSizeOn("CPU")).isEqualTo(4);
    assertThat(four.maxSizeOn("CUDA")).isEqualTo(4);
    assertThat(four.maxWait()).isEqualTo(Duration.ofMillis(5));
    assertThatThrownBy(() -> ModelBatching.parse("lots", Duration.ZERO))
        .hasMessageContaining("depthstream.model.batch.max-size")
        .hasMessageContaining("'lots'");
    assertThatThrownBy(() -> ModelBatching.parse("0", Duration.ZERO))
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> ModelBatching.parse("2", Duration.ofMillis(-1)))
        .hasMessageContaining("depthstream.model.batch.max-wait");
  }

  @Test
  void aBatchingModelsBatcherClosesWithItsSessionAfterTheLastFrame() {
    ModelLoader loader =
        new ModelLoader(
            EngineOptions.defaults().withDevice(DeviceChoice.CPU),
            ModelBatching.parse("4", Duration.ofMillis(1)));
    ServingModel model = loader.open(ModelCatalogTest.bundle(temp.resolve("a"), "model-a", 10f));
    DynamicBatcher batcher = model.batcher();
    assertThat(batcher.batching()).isTrue();
    ServingModel.Lease inFlight = model.tryAcquire();
    assertThat(inFlight.estimator()).isSameAs(batcher);

    model.retire();
    // The frame still holding the model runs through the batcher as if nothing happened.
    assertThat(inFlight.estimator().predict(RgbImage.blank(8, 8)).map().width()).isEqualTo(8);
    assertThat(model.closed()).isFalse();

    inFlight.close();
    assertThat(model.closed()).isTrue();
    assertThatThrownBy(() -> batcher.predict(RgbImage.blank(8, 8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> batcher.estimator().predict(RgbImage.blank(8, 8)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void withoutBatchingTheLeaseRunsOnTheCallersThread() {
    ServingModel model =
        new ModelLoader(EngineOptions.defaults().withDevice(DeviceChoice.CPU))
            .open(ModelCatalogTest.bundle(temp.resolve("b"), "model-b", 10f));
    try {
      assertThat(model.batcher().batching()).isFalse();
    } finally {
      model.retire();
    }
    assertThat(model.closed()).isTrue();
  }
}
