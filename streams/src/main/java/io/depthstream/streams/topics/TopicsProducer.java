package io.depthstream.streams.topics;

import io.depthstream.streams.config.DepthstreamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The service's one {@link Topics}, built from {@code depthstream.topics.*} once for every bean
 * that names a topic (the topology, the topic provisioning, the live view).
 */
@ApplicationScoped
public class TopicsProducer {

  @Produces
  @Singleton
  Topics topics(DepthstreamConfig config) {
    return Topics.from(config.topics());
  }
}
