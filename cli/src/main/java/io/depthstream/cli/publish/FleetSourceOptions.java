package io.depthstream.cli.publish;

import io.depthstream.cli.FrameSize;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.fleet.CaptureClock;
import io.depthstream.fleet.FrameSource;
import io.depthstream.fleet.SyntheticFleetSource;
import io.depthstream.schemas.ImageEncoding;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * What {@code publish} plays into Kafka, as options (a picocli mixin): exactly one source — the
 * synthetic world, a folder of pictures, a KITTI raw drive or DenseDepth's NYU data — and how its
 * frames are stamped and encoded.
 */
public final class FleetSourceOptions {

  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** Where the frames come from: exactly one of these (picocli refuses none or two). */
  static final class Source {
    @Option(
        names = "--synthetic",
        paramLabel = "street|indoor",
        description = "Publish a simulated fleet driving through the synthetic world.")
    String synthetic;

    @Option(
        names = "--images",
        paramLabel = "DIR",
        description =
            "Publish the .jpg/.png pictures of a folder as one camera's frames (no ground truth).")
    Path images;

    @Option(
        names = "--kitti",
        paramLabel = "DIR",
        description =
            "Publish a KITTI raw drive (image_02 + velodyne_points + calib files), e.g. from ./depthstream synth --layout kitti.")
    Path kitti;

    @Option(
        names = "--nyu",
        paramLabel = "ZIP|DIR",
        description =
            "Publish DenseDepth's NYU data (nyu_data.zip or its folder): frames + depth images.")
    Path nyu;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source choice;

  @Option(
      names = "--nyu-split",
      defaultValue = "test",
      description =
          "test (16-bit mm depth) or train (8-bit depth, converted). Default: ${DEFAULT-VALUE}")
  String nyuSplit;

  @Option(
      names = "--vehicles",
      defaultValue = "1",
      description =
          "Synthetic vehicles (v0, v1, ...), each in its own world. Default: ${DEFAULT-VALUE}")
  int vehicles;

  @Option(
      names = "--fps",
      defaultValue = "10",
      description =
          "Frames per second of each camera: capture times are 1000/fps ms apart (KITTI keeps its own timestamps). Default: ${DEFAULT-VALUE}")
  double fps;

  @Option(
      names = "--count",
      defaultValue = "100",
      description = "Synthetic frames per vehicle. Default: ${DEFAULT-VALUE}")
  int count;

  @Option(
      names = "--duration",
      paramLabel = "SECONDS",
      description = "Synthetic capture time per vehicle instead of --count: duration*fps frames.")
  Double duration;

  @Option(
      names = "--size",
      defaultValue = "640x480",
      converter = FrameSize.Converter.class,
      description = "Synthetic image size WxH. Default: ${DEFAULT-VALUE}")
  FrameSize size;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "World seed of vehicle v0 (v1 gets seed+1, ...). Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--encoding",
      converter = PublishConverters.Encoding.class,
      description = "jpeg, png or rgb8. Default: jpeg for --synthetic; files are sent as stored")
  ImageEncoding encoding;

  @Option(
      names = "--vehicle-id",
      defaultValue = "v0",
      description = "Vehicle id of a folder, KITTI drive or NYU set. Default: ${DEFAULT-VALUE}")
  String vehicleId;

  @Option(
      names = "--camera-id",
      defaultValue = "cam0",
      description = "Camera id (KITTI uses image_02). Default: ${DEFAULT-VALUE}")
  String cameraId;

  @Option(
      names = "--clock",
      defaultValue = "live",
      converter = ClockMode.Converter.class,
      description =
          "live: the first frame is stamped now, the rest keep their spacing (a running service drops stale frames); recorded: keep the source's times. Default: ${DEFAULT-VALUE}")
  ClockMode clock;

  @Option(
      names = "--threads",
      description = "Synthetic frames rendered at once. Default: the number of processors")
  int threads = Runtime.getRuntime().availableProcessors();

  /** How the published records' capture times are set. */
  public ClockMode clock() {
    return clock;
  }

  /** Frames per second of each camera. */
  public double fps() {
    return fps;
  }

  /** The one source the options name, opened. */
  public FrameSource open() {
    if (!(fps > 0)) {
      throw usage("--fps must be above 0, got " + fps);
    }
    CaptureClock captureClock = clock.start(System.currentTimeMillis());
    if (choice.synthetic != null) {
      SceneKind kind;
      try {
        kind = SceneKind.parse(choice.synthetic);
      } catch (IllegalArgumentException e) {
        throw usage("--synthetic: " + e.getMessage());
      }
      int frames = duration != null ? (int) Math.ceil(duration * fps) : count;
      if (frames < 1 || vehicles < 1 || threads < 1) {
        throw usage(
            "--count (or --duration x --fps), --vehicles and --threads must give at least 1, got "
                + frames
                + " frames, "
                + vehicles
                + " vehicles, "
                + threads
                + " threads");
      }
      return new SyntheticFleetSource(
          kind,
          vehicles,
          cameraId,
          size.width(),
          size.height(),
          frames,
          fps,
          encoding == null ? ImageEncoding.JPEG : encoding,
          seed,
          captureClock,
          threads);
    }
    if (choice.images != null) {
      return new ImageFolderSource(
          choice.images,
          vehicleId,
          cameraId,
          fps,
          encoding,
          CaptureClock.live(System.currentTimeMillis()));
    }
    if (choice.kitti != null) {
      return new KittiDriveSource(choice.kitti, vehicleId, encoding, captureClock);
    }
    return new NyuSource(choice.nyu, nyuSplit, vehicleId, cameraId, fps, encoding, captureClock);
  }

  private ParameterException usage(String message) {
    return new ParameterException(command.commandLine(), message);
  }
}
