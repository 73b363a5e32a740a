package io.depthstream.streams.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CameraRegistryTest {

  private static final long TTL = 60_000;
  private KeyValueStore<String, Long> store;
  private CameraRegistry registry;

  @BeforeEach
  void setUp() {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore("cameras"), Serdes.String(), Serdes.Long())
            .withLoggingDisabled()
            .build();
    MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    store.init(context.getStateStoreContext(), store);
    registry = new CameraRegistry(store, 2, TTL);
  }

  @Test
  void admitsUpToTheCapThenRefusesNewCamerasButNotKnownOnes() {
    assertThat(registry.admit("v1/cam0", 1_000)).isTrue();
    assertThat(registry.admit("v2/cam0", 1_000)).isTrue();
    assertThat(registry.admit("v3/cam0", 1_000)).as("a third camera past a cap of 2").isFalse();
    assertThat(registry.admit("v1/cam0", 2_000)).as("a known camera always passes").isTrue();
    assertThat(registry.count()).isEqualTo(2);
    assertThat(store.get("v3/cam0")).as("a refused camera leaves nothing behind").isNull();
  }

  @Test
  void aSilentCameraIsForgottenAndFreesItsPlace() {
    registry.admit("v1/cam0", 0);
    registry.admit("v2/cam0", 30_000);
    assertThat(registry.sweep(60_000)).containsExactly("v1/cam0");
    assertThat(registry.count()).isEqualTo(1);
    assertThat(registry.admit("v3/cam0", 60_000)).isTrue();
    assertThat(registry.sweep(89_999)).isEmpty();
    assertThat(registry.sweep(90_000)).containsExactly("v2/cam0");
  }

  @Test
  void beingSeenKeepsACameraAlive() {
    registry.admit("v1/cam0", 0);
    registry.admit("v1/cam0", 50_000);
    assertThat(registry.sweep(100_000)).isEmpty();
    assertThat(registry.sweep(110_000)).containsExactly("v1/cam0");
  }

  @Test
  void theCountIsKeptInTheStoreSoASecondRegistryOnItAgrees() {
    registry.admit("v1/cam0", 0);
    registry.admit("v2/cam0", 0);
    CameraRegistry another = new CameraRegistry(store, 2, TTL);
    assertThat(another.admit("v3/cam0", 0)).isFalse();
    assertThat(another.count()).isEqualTo(2);
  }
}
