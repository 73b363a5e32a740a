package io.depthstream.streams.cameras;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forgets cameras that fell silent: on a wall-clock schedule (state must shrink even when no record
 * arrives), every camera the {@link CameraRegistry} expires is deleted from the other stores keyed
 * by camera too.
 */
public final class CameraSweep {

  private static final Logger LOG = LoggerFactory.getLogger(CameraSweep.class);

  private CameraSweep() {}

  /** Schedules the sweep in {@code context}, every {@code interval}. */
  public static void schedule(
      ProcessingContext context,
      Duration interval,
      Clock clock,
      CameraRegistry registry,
      List<KeyValueStore<String, ?>> keyedByCamera) {
    context.schedule(
        interval,
        PunctuationType.WALL_CLOCK_TIME,
        // The registry's times come from the service clock (admission), so the sweep reads it too.
        punctuationTime -> {
          List<String> expired = registry.sweep(clock.millis());
          for (String camera : expired) {
            keyedByCamera.forEach(store -> store.delete(camera));
          }
          if (!expired.isEmpty()) {
            LOG.info(
                "forgot {} silent cameras of task {} (depthstream.state.camera-ttl)",
                expired.size(),
                context.taskId());
          }
        });
  }
}
