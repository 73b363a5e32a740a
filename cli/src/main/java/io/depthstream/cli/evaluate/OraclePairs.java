package io.depthstream.cli.evaluate;

import io.depthstream.core.dataset.KittiLayout;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.inference.DepthUpsampling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The best a model with a {@code width × height} depth output can score on a dataset: each
 * prediction is the dataset's exact dense depth shrunk to that size as the trainer makes its
 * targets ({@link DepthImage#resized}, valid depths averaged) and enlarged to the picture as the
 * service publishes a prediction ({@link DepthUpsampling#toSize}). A model that learnt its training
 * target perfectly scores this; what it scores beyond is the model's error, not the output size's.
 * An output cell with no valid depth (sky) predicts {@code farDepth}, the far end of the scored
 * range.
 *
 * <p>The dense depth is the ground truth itself for NYU and rgb/ + depth/ sets, and {@code
 * depth_dense/} beside the sparse LiDAR ground truth for KITTI drives that {@code synth} wrote
 * (real KITTI has none, and is refused).
 */
final class OraclePairs implements DepthPairSource {

  private final EvaluationDataset dataset;
  private final int width;
  private final int height;
  private final float farDepth;

  OraclePairs(EvaluationDataset dataset, int width, int height, double farDepth) {
    if (width < 1 || height < 1) {
      throw new IllegalArgumentException(
          "--oracle takes an output size WxH such as 64x48, got " + width + "x" + height);
    }
    this.dataset = dataset;
    this.width = width;
    this.height = height;
    this.farDepth = (float) farDepth;
  }

  /** Reads {@code WxH} (e.g. 64x48) as {@code --oracle} takes it. */
  static int[] size(String value) {
    String[] parts = value.trim().toLowerCase(Locale.ROOT).split("x", -1);
    try {
      if (parts.length == 2) {
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException(
        "--oracle takes an output size WxH such as 64x48 (a 128x96 DenseDepth's), got '"
            + value
            + "'");
  }

  @Override
  public int size() {
    return dataset.samples().size();
  }

  @Override
  public DepthPair load(int index) {
    DatasetSample sample = dataset.samples().get(index);
    DepthImage groundTruth = read(sample.depth());
    DepthImage dense =
        dataset.layout() == DatasetLayout.KITTI ? read(denseBeside(sample.depth())) : groundTruth;
    if (dense.width() != groundTruth.width() || dense.height() != groundTruth.height()) {
      throw new EvaluationInputException(
          String.format(
              Locale.ROOT,
              "%s: the dense depth is %dx%d, the ground truth %dx%d; they must have one size",
              sample.name(),
              dense.width(),
              dense.height(),
              groundTruth.width(),
              groundTruth.height()));
    }
    DepthImage output = dense.resized(width, height);
    float[] cells = output.metres().clone();
    for (int i = 0; i < cells.length; i++) {
      if (!DepthImage.isValid(cells[i])) {
        cells[i] = farDepth;
      }
    }
    DepthImage prediction =
        DepthUpsampling.toSize(
            new DepthImage(width, height, cells), groundTruth.width(), groundTruth.height());
    return new DepthPair(sample.name(), prediction, groundTruth);
  }

  @Override
  public String description() {
    return String.format(
        Locale.ROOT,
        "oracle at %dx%d (the dense depth shrunk to a %dx%d output and enlarged as served) on %s"
            + " at %s",
        width,
        height,
        width,
        height,
        dataset.layout().title(),
        dataset.root());
  }

  @Override
  public List<String> notes() {
    return List.of(
        "an upper bound for any model whose depth output is "
            + width
            + "x"
            + height
            + ": its training target, predicted exactly");
  }

  /** {@code <drive>/depth_dense/image_02/NAME.png} for {@code <drive>/proj_depth/…/NAME.png}. */
  private static Path denseBeside(Path sparse) {
    Path drive = sparse.getParent();
    for (int up = 0; up < Path.of(KittiLayout.GROUND_TRUTH).getNameCount(); up++) {
      drive = drive.getParent();
    }
    Path dense = drive.resolve(KittiLayout.DENSE_DEPTH).resolve(sparse.getFileName());
    if (!Files.isRegularFile(dense)) {
      throw new EvaluationInputException(
          "--oracle needs the dense depth beside the LiDAR ground truth: "
              + dense
              + " is missing (synth --layout kitti writes it; real KITTI has none)");
    }
    return dense;
  }

  private DepthImage read(Path file) {
    return ModelPairs.readDepth(file, dataset.depthScale());
  }
}
