package io.depthstream.streams.models;

import io.depthstream.schemas.ModelEvent;
import io.depthstream.schemas.ModelEventKind;
import java.time.Instant;

/** A change of champion: what, who, why, when, and the models before and after. */
public record ModelChange(
    ModelEventKind kind,
    Instant time,
    String actor,
    String reason,
    String instance,
    String oldModelId,
    String oldModelVersion,
    String newModelId,
    String newModelVersion) {

  /** The record published on {@code depth.models.events}. */
  public ModelEvent toEvent() {
    return ModelEvent.newBuilder()
        .setKind(kind)
        .setTime(time)
        .setActor(actor)
        .setReason(reason)
        .setInstance(instance)
        .setOldModelId(oldModelId)
        .setOldModelVersion(oldModelVersion)
        .setNewModelId(newModelId)
        .setNewModelVersion(newModelVersion)
        .build();
  }

  /** One line for the log. */
  public String describe() {
    return String.format(
        "%s: champion %s@%s -> %s@%s by %s on %s: %s",
        kind, oldModelId, oldModelVersion, newModelId, newModelVersion, actor, instance, reason);
  }
}
