package io.depthstream.cli.evaluate;

import io.depthstream.cli.predict.RgbFiles;
import io.depthstream.cli.predict.UnreadableImageException;
import io.depthstream.core.align.ScaleShiftAlignment;
import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.depth.DepthPngCodec;
import io.depthstream.core.image.ImageDecoder;
import io.depthstream.core.image.ImageRejectedException;
import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.ModelInput;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.metrics.EvaluationProtocol;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model run over a dataset: each pair is the model's depth for a picture and that picture's
 * ground truth. Pictures go through the estimator a batch at a time, as the pairs are asked for in
 * order. Relative (inverse_relative) predictions are aligned to their own ground truth by
 * least-squares scale and shift in inverse depth ({@link ScaleShiftAlignment}) before scoring;
 * metric ones are scored as the model gave them.
 */
final class ModelPairs implements DepthPairSource {

  private final DepthEstimator estimator;
  private final EvaluationDataset dataset;
  private final EvaluationProtocol protocol;
  private final ScaleShiftAlignment alignment;
  private final int batch;
  private final PredictionArchive archive;
  private final RgbFiles pictures;
  private final List<String> unaligned = new ArrayList<>();
  private List<DepthPair> loaded = List.of();
  private int loadedFrom;
  private double inferenceMs;
  private int predicted;

  /**
   * @param decoder how pictures are decoded for the model (the command's {@code --reduce-jpeg})
   * @param archive where to keep the scored predictions, or null
   */
  ModelPairs(
      DepthEstimator estimator,
      EvaluationDataset dataset,
      EvaluationProtocol protocol,
      int batch,
      ImageDecoder decoder,
      PredictionArchive archive) {
    this.estimator = estimator;
    this.pictures = new RgbFiles(decoder);
    this.dataset = dataset;
    this.protocol = protocol;
    this.alignment = relative() ? new ScaleShiftAlignment(protocol) : null;
    this.batch = batch;
    this.archive = archive;
  }

  @Override
  public int size() {
    return dataset.samples().size();
  }

  @Override
  public DepthPair load(int index) {
    if (index < loadedFrom || index >= loadedFrom + loaded.size()) {
      loadBatch(index);
    }
    return loaded.get(index - loadedFrom);
  }

  /**
   * The camera picture of sample {@code index}, read again and whole (for pictures of the results:
   * with --reduce-jpeg the model saw it decoded smaller).
   */
  RgbImage picture(int index) {
    return readPicture(dataset.samples().get(index).rgb(), false);
  }

  @Override
  public String description() {
    return String.format(
        Locale.ROOT,
        "model %s on %s, %s at %s",
        estimator.bundle().label(),
        estimator.provider(),
        dataset.layout().title(),
        dataset.root());
  }

  @Override
  public List<String> notes() {
    List<String> notes = new ArrayList<>();
    notes.add(
        String.format(
            Locale.ROOT,
            "inference %.1f ms per image (batches of up to %d)",
            predicted == 0 ? 0.0 : inferenceMs / predicted,
            batch));
    if (alignment != null) {
      notes.add(
          "output kind inverse_relative: each prediction was aligned to its own ground truth"
              + " (least-squares scale and shift in inverse depth) before scoring");
    }
    if (!unaligned.isEmpty()) {
      notes.add(
          unaligned.size()
              + " image(s) could not be aligned and were scored as predicting nothing (min depth): "
              + String.join("; ", unaligned.subList(0, Math.min(3, unaligned.size())))
              + (unaligned.size() > 3 ? "; ..." : ""));
    }
    return notes;
  }

  private boolean relative() {
    return estimator.bundle().output().kind() == OutputKind.INVERSE_RELATIVE;
  }

  private void loadBatch(int start) {
    List<DatasetSample> samples = dataset.samples().subList(start, Math.min(size(), start + batch));
    List<RgbImage> photos = new ArrayList<>(samples.size());
    List<DepthImage> groundTruths = new ArrayList<>(samples.size());
    for (DatasetSample sample : samples) {
      RgbImage photo = readPicture(sample.rgb(), true);
      DepthImage groundTruth = readDepth(sample.depth(), dataset.depthScale());
      if (photo.frameWidth() != groundTruth.width()
          || photo.frameHeight() != groundTruth.height()) {
        throw new EvaluationInputException(
            String.format(
                Locale.ROOT,
                "%s is %dx%d but its ground truth %s is %dx%d; they must have one size",
                sample.rgb(),
                photo.frameWidth(),
                photo.frameHeight(),
                sample.depth(),
                groundTruth.width(),
                groundTruth.height()));
      }
      photos.add(photo);
      groundTruths.add(groundTruth);
    }
    List<DepthPrediction> predictions = estimator.predictBatch(photos);
    List<DepthPair> pairs = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      DatasetSample sample = samples.get(i);
      DepthPrediction prediction = predictions.get(i);
      inferenceMs += prediction.timings().inferenceMsPerFrame();
      predicted++;
      DepthImage metric = metric(sample, prediction, groundTruths.get(i));
      if (archive != null) {
        archive.write(sample, metric);
      }
      pairs.add(
          new DepthPair(
              sample.name(),
              metric,
              groundTruths.get(i),
              alignment == null ? prediction.modelResolution() : null));
    }
    loaded = pairs;
    loadedFrom = start;
  }

  /** The depth in metres the picture is scored with. */
  private DepthImage metric(
      DatasetSample sample, DepthPrediction prediction, DepthImage groundTruth) {
    if (alignment == null) {
      return prediction.depth();
    }
    try {
      return alignment.align(prediction.relativeInverseDepth().metres(), groundTruth);
    } catch (IllegalArgumentException e) {
      // Too little ground truth or a constant prediction: no fit exists. Predicting nothing is
      // scored as the protocol's minimum depth, so the image still counts, as a bad one; without
      // any ground truth in range it is skipped like every such image.
      if (hasScoredPixel(groundTruth)) {
        unaligned.add(sample.rgb() + " (" + e.getMessage() + ")");
      }
      return DepthImage.empty(groundTruth.width(), groundTruth.height());
    }
  }

  private boolean hasScoredPixel(DepthImage groundTruth) {
    for (float gt : groundTruth.metres()) {
      if (protocol.isScored(gt)) {
        return true;
      }
    }
    return false;
  }

  /** {@code file} as the model is given it ({@code forModel}), or whole. */
  private RgbImage readPicture(Path file, boolean forModel) {
    try {
      if (!forModel) {
        return pictures.read(file);
      }
      ModelInput input = estimator.bundle().input();
      return pictures.readForModel(file, input.width(), input.height());
    } catch (UnreadableImageException e) {
      throw new EvaluationInputException(e.getMessage(), e);
    }
  }

  /** A ground-truth depth PNG in metres; a file that cannot be read names itself. */
  static DepthImage readDepth(Path file, double scale) {
    try {
      return DepthPngCodec.decode(Files.readAllBytes(file), scale);
    } catch (ImageRejectedException e) {
      throw new EvaluationInputException(file + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new EvaluationInputException(file + ": cannot be read (" + e + ")", e);
    }
  }
}
