package io.depthstream.streams.cameras;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CameraKeysTest {

  @Test
  void theKeyIsVehicleSlashCamera() {
    assertThat(CameraKeys.of("v7", "cam0")).isEqualTo("v7/cam0");
  }

  @Test
  void aKeyNamingAnotherCameraIsAMismatchThatSaysBoth() {
    assertThat(CameraKeys.mismatch("frame v7/cam0#3", "v7/cam0", "v7", "cam0")).isNull();
    assertThat(CameraKeys.mismatch("frame v8/cam0#3", "v7/cam0", "v8", "cam0"))
        .contains("'v7/cam0'", "'v8/cam0'", "vehicleId/cameraId");
  }
}
