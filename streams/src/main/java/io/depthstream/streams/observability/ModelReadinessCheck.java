package io.depthstream.streams.observability;

import io.depthstream.core.inference.DepthEstimator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the model: up once the bundle is loaded and while most recent model runs succeed
 * ({@link InferenceHealth}), naming the model, the execution provider (CPU or CUDA) and the recent
 * failures. The Kafka Streams extension adds its own readiness check for the streams state and
 * topics, so {@code /q/health/ready} is up only when both are.
 */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

  private final DepthEstimator estimator;
  private final InferenceHealth health;

  @Inject
  public ModelReadinessCheck(DepthEstimator estimator, InferenceHealth health) {
    this.estimator = estimator;
    this.health = health;
  }

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("depth model")
        .status(health.healthy())
        .withData("model", estimator.bundle().id())
        .withData("version", estimator.bundle().version())
        .withData("provider", estimator.provider())
        .withData("recent failures", health.recentFailures() + " of " + health.recentRuns())
        .build();
  }
}
