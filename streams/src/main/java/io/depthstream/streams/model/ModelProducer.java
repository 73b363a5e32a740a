package io.depthstream.streams.model;

import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelBundleException;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.observability.PipelineMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the configured model bundle once per process into the {@link DepthEstimator} bean that the
 * topology shares, and closes its ONNX Runtime session when the application stops.
 */
@ApplicationScoped
public class ModelProducer {

  private static final Logger LOG = LoggerFactory.getLogger(ModelProducer.class);

  @Produces
  @Singleton
  DepthEstimator estimator(DepthstreamConfig config, PipelineMetrics metrics) {
    DepthstreamConfig.ModelSettings model = config.model();
    ModelBundle bundle;
    try {
      bundle = ModelBundle.load(model.bundle());
    } catch (ModelBundleException e) {
      throw new ModelBundleException(
          "depthstream.model.bundle="
              + model.bundle().toAbsolutePath()
              + ": "
              + e.getMessage()
              + ". Fix: point depthstream.model.bundle (env DEPTHSTREAM_MODEL) at a bundle"
              + " directory, e.g. one written by ./depthstream export",
          e);
    }
    DepthEstimator estimator = DepthEstimator.open(bundle, model.engineOptions());
    metrics.modelLoaded(bundle.id(), bundle.version(), estimator.provider());
    LOG.info("serving model {} on {}", bundle.label(), estimator.provider());
    return estimator;
  }

  void close(@Disposes DepthEstimator estimator) {
    estimator.close();
  }
}
