package io.depthstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NetworkTest {

  @Test
  void denseNet121EncoderHasKerasParameterCount() {
    // keras.applications.DenseNet121(include_top=False).count_params()
    assertThat(DenseNetEncoder.denseNet121().network().parameterCount()).isEqualTo(7_037_504L);
  }

  @Test
  void denseNet169EncoderHasKerasParameterCount() {
    // keras.applications.DenseNet169(include_top=False).count_params()
    assertThat(DenseNetEncoder.denseNet169().network().parameterCount()).isEqualTo(12_642_880L);
  }

  @Test
  void encoderUsesKerasLayerNames() {
    Map<String, long[]> p = DenseNetEncoder.denseNet169().network().parameterShapes();
    assertThat(p.get("conv1/conv/kernel")).containsExactly(7, 7, 3, 64);
    assertThat(p.get("conv2_block1_1_conv/kernel")).containsExactly(1, 1, 64, 128);
    assertThat(p.get("conv2_block6_2_conv/kernel")).containsExactly(3, 3, 128, 32);
    assertThat(p.get("pool2_conv/kernel")).containsExactly(1, 1, 256, 128);
    assertThat(p.get("pool4_conv/kernel")).containsExactly(1, 1, 1280, 640);
    assertThat(p.get("bn/moving_variance")).containsExactly(1664);
    assertThat(p).containsKeys("conv5_block32_2_conv/kernel", "conv1/bn/gamma");
  }

  @Test
  void encoderOutputsAreAtTheStatedScales() {
    Network net = DenseNetEncoder.denseNet121().network();
    Map<String, TensorShape> s = net.shapes(480, 640);
    assertThat(s.get("conv1/relu")).isEqualTo(new TensorShape(64, 240, 320));
    assertThat(s.get("pool1")).isEqualTo(new TensorShape(64, 120, 160));
    assertThat(s.get("pool2_pool")).isEqualTo(new TensorShape(128, 60, 80));
    assertThat(s.get("pool3_pool")).isEqualTo(new TensorShape(256, 30, 40));
    assertThat(s.get("relu")).isEqualTo(new TensorShape(1024, 15, 20));
  }

  @Test
  void denseDepth169OutputsHalfResolutionWithPaperDecoder() {
    Network net = Architecture.DENSEDEPTH_169.network(0);
    Map<String, TensorShape> s = net.shapes(480, 640);
    assertThat(s.get("conv2")).isEqualTo(new TensorShape(1664, 15, 20));
    assertThat(s.get("up1_convB")).isEqualTo(new TensorShape(832, 30, 40));
    assertThat(s.get("up4_convB")).isEqualTo(new TensorShape(104, 240, 320));
    assertThat(s.get(net.output())).isEqualTo(new TensorShape(1, 240, 320));
  }

  @Test
  void baselinesOutputHalfResolution() {
    assertThat(new ModelConfig(Architecture.BASELINE_CONV, 0, 256, 256, 10).outputShape())
        .isEqualTo(new TensorShape(1, 128, 128));
    assertThat(new ModelConfig(Architecture.BASELINE_BN, 0, 256, 256, 10).outputShape())
        .isEqualTo(new TensorShape(1, 128, 128));
  }

  @Test
  void rejectsSizesThatBreakSkipConnections() {
    assertThatThrownBy(() -> new ModelConfig(Architecture.DENSEDEPTH_121, 0, 470, 640, 10))
        .hasMessageContaining("multiples of 32");
  }

  @Test
  void unknownArchitectureNamesTheChoices() {
    assertThatThrownBy(() -> Architecture.fromId("resnet"))
        .hasMessageContaining("densedepth-169")
        .hasMessageContaining("baseline-bn");
  }
}
