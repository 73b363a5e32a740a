package io.depthstream.streams.config;

import java.util.Optional;

/** {@code depthstream.admin.*}: who may change the service while it runs. */
public interface AdminSettings {

  /** The bearer token of the admin endpoints (env {@code DEPTHSTREAM_ADMIN_TOKEN}); unset = off. */
  Optional<String> token();
}
