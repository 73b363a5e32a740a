package io.depthstream.trainer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.trainer.model.Architecture;
import org.junit.jupiter.api.Test;

class OptimizerKindTest {

  @Test
  void denseDepthModelsDefaultToAmsGradTheOthersToAdam() {
    for (Architecture a : Architecture.values()) {
      OptimizerKind expected =
          a.id().startsWith("densedepth-") ? OptimizerKind.AMSGRAD : OptimizerKind.ADAM;
      assertThat(OptimizerKind.defaultFor(a)).as(a.id()).isEqualTo(expected);
    }
  }

  @Test
  void readsIdsAndNamesTheChoicesOnATypo() {
    assertThat(OptimizerKind.fromId(" AMSGrad ")).isEqualTo(OptimizerKind.AMSGRAD);
    assertThat(OptimizerKind.fromId("adam")).isEqualTo(OptimizerKind.ADAM);
    assertThatThrownBy(() -> OptimizerKind.fromId("sgd"))
        .hasMessageContaining("unknown optimizer 'sgd'")
        .hasMessageContaining("adam, amsgrad");
  }
}
