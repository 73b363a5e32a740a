package io.depthstream.cli.publish;

import io.depthstream.fleet.FleetRecord;
import io.depthstream.fleet.FrameSource;
import io.depthstream.schemas.CameraFrame;
import io.depthstream.schemas.GroundTruth;
import io.depthstream.schemas.SensorCalibration;
import io.depthstream.schemas.serde.AvroSerdes;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/** Test helpers: drain a source, and send each value through its topic's serde and back. */
final class PublishedRecords {

  private PublishedRecords() {}

  static List<FleetRecord> drain(FrameSource source) {
    List<FleetRecord> records = new ArrayList<>();
    try (source) {
      source.forEachRemaining(records::add);
    }
    return records;
  }

  /** The value as a consumer of its topic reads it: serialized, then deserialized. */
  static SpecificRecord roundTrip(FleetRecord record) {
    return switch (record.topic()) {
      case FRAMES -> {
        var serde = AvroSerdes.cameraFrame();
        yield serde
            .deserializer()
            .deserialize(
                "camera.frames",
                serde.serializer().serialize("camera.frames", (CameraFrame) record.value()));
      }
      case SCANS -> {
        var serde = AvroSerdes.groundTruth();
        yield serde
            .deserializer()
            .deserialize(
                "lidar.scans",
                serde.serializer().serialize("lidar.scans", (GroundTruth) record.value()));
      }
      case CALIBRATION -> {
        var serde = AvroSerdes.sensorCalibration();
        yield serde
            .deserializer()
            .deserialize(
                "sensor.calibration",
                serde
                    .serializer()
                    .serialize("sensor.calibration", (SensorCalibration) record.value()));
      }
    };
  }
}
