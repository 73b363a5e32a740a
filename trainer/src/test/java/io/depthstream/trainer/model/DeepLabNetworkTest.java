package io.depthstream.trainer.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DeepLabNetworkTest {

  /**
   * torchvision's resnet50/resnet101 have 25,557,032 and 44,549,160 parameters; without {@code fc}
   * (2048·1000 weights + 1000 biases = 2,049,000) that leaves these. Summing by hand for ResNet-50:
   * stem 9,408 + 128, and per bottleneck (in→w→w→4w) in·w + 9w² + 4w² + 2·(w + w + 4w) BN, plus a
   * projection in·4w + 8w in each stage's first block, gives the same figure.
   */
  private static final long RESNET50_WITHOUT_FC = 23_508_032L;

  private static final long RESNET101_WITHOUT_FC = 42_500_160L;

  @Test
  void resNetEncodersHaveTorchvisionParameterCounts() {
    for (int stride : new int[] {8, 16, 32}) {
      assertThat(ResNetEncoder.resNet50(stride).network().trainableParameterCount())
          .isEqualTo(RESNET50_WITHOUT_FC);
      assertThat(ResNetEncoder.resNet101(stride).network().trainableParameterCount())
          .isEqualTo(RESNET101_WITHOUT_FC);
    }
  }

  @Test
  void atrousStagesKeepTheResolutionAtTheOutputStride() {
    Map<String, TensorShape> os8 = ResNetEncoder.resNet101(8).network().shapes(480, 640);
    assertThat(os8.get("conv2_block3_out")).isEqualTo(new TensorShape(256, 120, 160));
    assertThat(os8.get("conv3_block4_out")).isEqualTo(new TensorShape(512, 60, 80));
    assertThat(os8.get("conv4_block23_out")).isEqualTo(new TensorShape(1024, 60, 80));
    assertThat(os8.get("conv5_block3_out")).isEqualTo(new TensorShape(2048, 60, 80));
    Map<String, TensorShape> os16 = ResNetEncoder.resNet50(16).network().shapes(480, 640);
    assertThat(os16.get("conv4_block6_out")).isEqualTo(new TensorShape(1024, 30, 40));
    assertThat(os16.get("conv5_block3_out")).isEqualTo(new TensorShape(2048, 30, 40));
    Map<String, TensorShape> plain = ResNetEncoder.resNet50(32).network().shapes(480, 640);
    assertThat(plain.get("conv5_block3_out")).isEqualTo(new TensorShape(2048, 15, 20));
  }

  @Test
  void dilationGrowsWherePoolingStops() {
    Network os8 = ResNetEncoder.resNet101(8).network();
    assertThat(((Layer.Conv) os8.layer("conv3_block1_2_conv")).stride()).isEqualTo(2);
    assertThat(((Layer.Conv) os8.layer("conv4_block1_2_conv")).stride()).isEqualTo(1);
    assertThat(((Layer.Conv) os8.layer("conv4_block23_2_conv")).dilation()).isEqualTo(2);
    assertThat(((Layer.Conv) os8.layer("conv5_block1_2_conv")).dilation()).isEqualTo(4);
    assertThat(((Layer.Conv) os8.layer("conv5_block1_2_conv")).pad()).isEqualTo(4);
    Network os16 = ResNetEncoder.resNet101(16).network();
    assertThat(((Layer.Conv) os16.layer("conv4_block1_2_conv")).stride()).isEqualTo(2);
    assertThat(((Layer.Conv) os16.layer("conv5_block3_2_conv")).dilation()).isEqualTo(2);
  }

  @Test
  void deepLabV2HasAsppWithKChannelsUpsampledToHalfTheInput() {
    ModelConfig config =
        new ModelConfig(Architecture.DEEPLAB_RESNET101, 0, 480, 640, 80, DepthHead.sid(71));
    Network net = config.network();
    assertThat(config.outputShape()).isEqualTo(new TensorShape(71, 240, 320));
    // four 3x3 branches from 2048 channels to 71, with bias
    long aspp = 4L * (3 * 3 * 2048 * 71 + 71);
    assertThat(net.trainableParameterCount()).isEqualTo(RESNET101_WITHOUT_FC + aspp);
    Layer.Conv rate24 = (Layer.Conv) net.layer("aspp_rate24");
    assertThat(rate24.dilation()).isEqualTo(24);
    assertThat(rate24.pad()).isEqualTo(24);
    assertThat(((Layer.Upsample) net.layer(AsppHead.OUTPUT)).factor()).isEqualTo(4);
    ModelConfig os16 =
        new ModelConfig(Architecture.DEEPLAB_RESNET50_OS16, 0, 480, 640, 80, DepthHead.sid(71));
    assertThat(((Layer.Upsample) os16.network().layer(AsppHead.OUTPUT)).factor()).isEqualTo(8);
    assertThat(os16.outputShape()).isEqualTo(new TensorShape(71, 240, 320));
  }

  @Test
  void classificationHeadOnDenseDepthOnlyWidensTheLastConv() {
    ModelConfig regression = new ModelConfig(Architecture.DENSEDEPTH_TINY, 16, 64, 64, 80);
    ModelConfig sid =
        new ModelConfig(Architecture.DENSEDEPTH_TINY, 16, 64, 64, 80, DepthHead.sid(71));
    assertThat(sid.outputShape()).isEqualTo(new TensorShape(71, 32, 32));
    int lastIn = 16 / 16;
    assertThat(sid.network().parameterCount() - regression.network().parameterCount())
        .isEqualTo((3 * 3 * lastIn + 1) * 70L);
  }

  @Test
  void badHeadsAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> DepthHead.of("sid", 1)).hasMessageContaining("--bins 1");
    assertThatThrownBy(() -> DepthHead.of("ordinal", 71)).hasMessageContaining("--head 'ordinal'");
    assertThatThrownBy(
            () -> new ModelConfig(Architecture.BASELINE_BN, 0, 64, 64, 80, DepthHead.sid(71)))
        .hasMessageContaining("--head sid")
        .hasMessageContaining("baseline-bn");
    assertThatThrownBy(() -> new ModelConfig(Architecture.DEEPLAB_TINY, 0, 60, 60, 80))
        .hasMessageContaining("multiples of 8");
  }

  @Test
  void headsReadBackFromTheirShortForm() {
    assertThat(DepthHead.parse("sid71", 10)).isEqualTo(DepthHead.sid(71));
    assertThat(DepthHead.parse("ud", 10)).isEqualTo(DepthHead.uniform(10));
    assertThat(DepthHead.parse("regression", 10)).isEqualTo(DepthHead.regression());
    assertThat(DepthHead.parse(DepthHead.sid(40).id(), 10)).isEqualTo(DepthHead.sid(40));
  }
}
