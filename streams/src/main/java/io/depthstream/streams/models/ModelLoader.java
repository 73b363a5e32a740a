package io.depthstream.streams.models;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelBundleException;
import io.depthstream.core.inference.OutputKind;
import java.nio.file.Path;

/** Opens bundles for serving: a champion's new version or a challenger, with the engine options. */
public final class ModelLoader {

  private final EngineOptions options;
  private final ModelBatching batching;

  /** A loader whose models do not batch. */
  public ModelLoader(EngineOptions options) {
    this(options, ModelBatching.OFF);
  }

  public ModelLoader(EngineOptions options, ModelBatching batching) {
    this.options = options;
    this.batching = batching;
  }

  /** Loads and checks the bundle in {@code directory}; {@code role} names it in errors. */
  public static ModelBundle load(Path directory, String role) {
    try {
      return ModelBundle.load(directory);
    } catch (ModelBundleException e) {
      throw new ModelBundleException(
          role + " " + directory.toAbsolutePath() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens an ONNX Runtime session for {@code bundle}. A relative-depth model is refused: depth.maps
   * and the scores need metres.
   */
  public ServingModel open(ModelBundle bundle) {
    if (bundle.output().kind() == OutputKind.INVERSE_RELATIVE) {
      throw new ModelBundleException(
          "model "
              + bundle.label()
              + " in "
              + bundle.directory()
              + " predicts relative depth (inverse_relative), which cannot be served or scored in"
              + " metres; export a metric model");
    }
    DepthEstimator estimator = DepthEstimator.open(bundle, options);
    try {
      // model.onnx may have been replaced between load's checksum and the session reading it.
      bundle.verify();
    } catch (ModelBundleException e) {
      estimator.close();
      throw e;
    }
    return new ServingModel(estimator, batching);
  }
}
