package io.depthstream.streams.config;

import io.smallrye.config.WithName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code depthstream.models.*}: the challengers beside the champion and how they are run. */
public interface ModelsSettings {

  /** Challenger bundle directories (env {@code DEPTHSTREAM_CHALLENGERS=models/a,models/b}). */
  Optional<List<Path>> challengers();

  /** Fraction of frames (0..1) the challengers run on, chosen by camera and sequence. */
  @WithName("challenger-sample")
  double challengerSample();

  /** How often the champion's bundle directory is checked for a new version; 0 = never. */
  @WithName("watch-interval")
  Duration watchInterval();

  /** The automatic promotion rule {@code metric:min-improvement:min-pairs}; unset = manual only. */
  @WithName("promote-when")
  Optional<String> promoteWhen();

  /** How long a frame's scores wait for the other models' scores of the same frame. */
  @WithName("pairing-retention")
  Duration pairingRetention();
}
