package io.depthstream.streams.models;

import io.depthstream.core.comparison.PromotionRule;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.config.ModelsSettings;
import io.depthstream.streams.kafka.KafkaStartup;
import io.depthstream.streams.observability.PipelineMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the {@link ModelCatalog}: the champion is the process's {@link DepthEstimator} bean
 * ({@code depthstream.model.bundle}), the challengers are opened from {@code
 * depthstream.models.challengers} with the same engine options. Starts the bundle watcher, connects
 * the event publisher and starts the event follower (other replicas' promotions); all stop with the
 * application.
 */
@ApplicationScoped
public class ModelsProducer {

  private static final Logger LOG = LoggerFactory.getLogger(ModelsProducer.class);

  /** How long startup waits to replay depth.models.events before following it in background. */
  private static final Duration REPLAY_TIMEOUT = Duration.ofSeconds(15);

  private BundleWatcher watcher;
  private ModelEventPublisher publisher;
  private ModelEventFollower follower;

  @Produces
  @Singleton
  ModelCatalog catalog(
      DepthstreamConfig config,
      DepthEstimator champion,
      PipelineMetrics metrics,
      KafkaStartup kafka,
      ComparisonBoard board,
      Clock clock) {
    ModelsSettings settings = config.models();
    ModelBatching batching = ModelBatching.of(config.model());
    ModelLoader loader = new ModelLoader(config.model().engineOptions(), batching);
    List<ServingModel> challengers = new ArrayList<>();
    for (Path directory : settings.challengers().orElse(List.of())) {
      ServingModel challenger = loader.open(ModelLoader.load(directory, "challenger"));
      metrics.modelLoaded(challenger.id(), challenger.version(), challenger.provider());
      LOG.info(
          "challenger {} on {}, shadowing {} of the frames",
          challenger.bundle().label(),
          challenger.provider(),
          settings.challengerSample());
      challengers.add(challenger);
    }
    ModelCatalog catalog =
        new ModelCatalog(
            new ServingModel(champion, batching),
            challengers,
            new ChallengerSampling(settings.challengerSample()),
            clock,
            hostName());
    board.attach(catalog);
    publisher =
        ModelEventPublisher.connect(kafka.clientProperties(), config.topics().modelEvents());
    // Only this replica's own changes are published; promotions followed from others are not.
    catalog.onOwnChange(publisher);
    catalog.onChange(
        change ->
            metrics.modelLoaded(
                change.newModelId(), change.newModelVersion(), catalog.champion().provider()));
    watcher = new BundleWatcher(catalog, loader::open);
    watcher.start(settings.watchInterval());
    // Other replicas' promotions, and after a restart the last one: the fleet has one champion.
    follower =
        ModelEventFollower.start(
            kafka.clientProperties(), config.topics().modelEvents(), catalog, REPLAY_TIMEOUT);
    return catalog;
  }

  @Produces
  @Singleton
  ComparisonBoard board(DepthstreamConfig config, MeterRegistry registry) {
    Optional<PromotionRule> rule = config.models().promoteWhen().map(PromotionRule::parse);
    rule.ifPresent(r -> LOG.info("automatic promotion when {}", r));
    ComparisonBoard board = new ComparisonBoard(config.metrics().maxVehicleLabels(), 360, rule);
    board.onComparison(new ComparisonGauges(registry)::record);
    return board;
  }

  @Produces
  @Singleton
  AdminToken adminToken(DepthstreamConfig config) {
    return new AdminToken(config.admin().token());
  }

  void close(@Disposes ModelCatalog catalog) {
    if (follower != null) {
      follower.close();
    }
    if (watcher != null) {
      watcher.close();
    }
    if (publisher != null) {
      publisher.close();
    }
    catalog.close();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
