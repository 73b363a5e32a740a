package io.depthstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CameraKeyTest {

  @Test
  void theKeyIsVehicleSlashCamera() {
    assertThat(CameraKey.of("v7", "cam0")).isEqualTo("v7/cam0");
  }

  @Test
  void aRecordIsLabelledByItsKeyAndSequence() {
    assertThat(CameraKey.label("v7", "cam0", 3)).isEqualTo("v7/cam0#3");
  }

  @Test
  void aKeyNamingAnotherCameraIsAMismatchThatSaysBoth() {
    assertThat(CameraKey.mismatch("frame v7/cam0#3", "v7/cam0", "v7", "cam0")).isNull();
    assertThat(CameraKey.mismatch("frame v8/cam0#3", "v7/cam0", "v8", "cam0"))
        .contains("'v7/cam0'", "'v8/cam0'", "vehicleId/cameraId");
  }
}
