package io.depthstream.streams.observability;

import io.depthstream.core.inference.DepthEstimator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the model: up once the bundle is loaded, naming the model and the execution provider
 * (CPU or CUDA). The Kafka Streams extension adds its own readiness check for the streams state and
 * topics, so {@code /q/health/ready} is up only when both are.
 */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

  private final DepthEstimator estimator;

  @Inject
  public ModelReadinessCheck(DepthEstimator estimator) {
    this.estimator = estimator;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("depth model")
        .up()
        .withData("model", estimator.bundle().id())
        .withData("version", estimator.bundle().version())
        .withData("provider", estimator.provider())
        .build();
  }
}
