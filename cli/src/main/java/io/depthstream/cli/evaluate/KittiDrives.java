package io.depthstream.cli.evaluate;

import io.depthstream.core.dataset.KittiCalibration;
import io.depthstream.core.dataset.KittiLayout;
import io.depthstream.core.depth.DepthPngCodec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * KITTI drive folders ({@link KittiLayout}) as {@code synth --layout kitti} writes them: camera
 * pictures in {@code <drive>/image_02/data/NNNNNNNNNN.png} and sparse LiDAR ground truth in {@code
 * <drive>/proj_depth/groundtruth/image_02/NNNNNNNNNN.png} (16-bit, value/256 m). Every frame with
 * ground truth is scored; frames without it (KITTI has none for the first and last few) are not.
 */
final class KittiDrives {

  private KittiDrives() {}

  /**
   * The drives in {@code dir}: {@code dir} itself, its sub-folders (a date folder), or, when every
   * sub-folder is a date folder (holds {@code calib_cam_to_cam.txt}), theirs — a KITTI raw root, or
   * what {@code synth --worlds} writes.
   */
  static Optional<EvaluationDataset> find(Path dir) {
    List<Path> drives = new ArrayList<>();
    if (KittiLayout.isAnnotatedDrive(dir)) {
      drives.add(dir);
    } else {
      List<Path> children = EvaluationDataset.children(dir);
      addDrivesAmong(children, drives);
      if (drives.isEmpty()
          && !children.isEmpty()
          && children.stream().allMatch(KittiCalibration::isDateFolder)) {
        for (Path date : children) {
          addDrivesAmong(EvaluationDataset.children(date), drives);
        }
      }
    }
    if (drives.isEmpty()) {
      return Optional.empty();
    }
    List<DatasetSample> samples = new ArrayList<>();
    for (Path drive : drives) {
      String driveName = drive.toAbsolutePath().getFileName().toString();
      for (Path depth : EvaluationDataset.pngFiles(drive.resolve(KittiLayout.GROUND_TRUTH))) {
        Path rgb = drive.resolve(KittiLayout.IMAGES).resolve(depth.getFileName());
        if (!Files.isRegularFile(rgb)) {
          throw new EvaluationInputException(
              depth + " has no camera picture: " + rgb + " does not exist");
        }
        samples.add(new DatasetSample(driveName + "_" + EvaluationDataset.stem(depth), rgb, depth));
      }
    }
    return Optional.of(
        new EvaluationDataset(dir, DatasetLayout.KITTI, DepthPngCodec.KITTI, samples));
  }

  private static void addDrivesAmong(List<Path> folders, List<Path> drives) {
    for (Path folder : folders) {
      if (KittiLayout.isAnnotatedDrive(folder)) {
        drives.add(folder);
      }
    }
  }
}
