package io.depthstream.streams.models;

import io.depthstream.schemas.ModelEventKind;
import io.depthstream.streams.inference.EstimatorSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models this service runs: one champion, whose maps go to {@code depth.maps}, and any number
 * of challengers run in shadow on a deterministic sample of frames. Champion and challengers are
 * one immutable {@link Lineup} behind an atomic reference, so a swap (a promotion, a hot reload)
 * happens at one point: a frame that took its leases before sees the old lineup to the end, every
 * later frame the new one, and a replaced session is closed only when its last frame lets go
 * ({@link ServingModel}). Model ids are unique in a catalog, since windows and comparisons are kept
 * per model id.
 */
public final class ModelCatalog implements EstimatorSource, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ModelCatalog.class);

  /** The champion and the challengers at one moment. */
  public record Lineup(ServingModel champion, List<ServingModel> challengers) {
    public Lineup {
      challengers = List.copyOf(challengers);
    }

    /** Every model, champion first. */
    public List<ServingModel> all() {
      List<ServingModel> all = new ArrayList<>(challengers.size() + 1);
      all.add(champion);
      all.addAll(challengers);
      return all;
    }
  }

  private final AtomicReference<Lineup> lineup;
  private final ChallengerSampling sampling;
  private final Clock clock;
  private final String instance;
  private final List<Consumer<ModelChange>> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<ModelChange>> ownListeners = new CopyOnWriteArrayList<>();

  public ModelCatalog(
      ServingModel champion,
      List<ServingModel> challengers,
      ChallengerSampling sampling,
      Clock clock,
      String instance) {
    Lineup initial = new Lineup(champion, challengers);
    requireUniqueIds(initial);
    this.lineup = new AtomicReference<>(initial);
    this.sampling = sampling;
    this.clock = clock;
    this.instance = instance;
  }

  /**
   * A catalog of one champion and no challengers, for code that runs a single estimator (the
   * pipeline benchmark, tests).
   */
  public static ModelCatalog single(io.depthstream.core.inference.DepthEstimator estimator) {
    return single(estimator, ModelBatching.OFF);
  }

  /** As {@link #single(io.depthstream.core.inference.DepthEstimator)}, batching as configured. */
  public static ModelCatalog single(
      io.depthstream.core.inference.DepthEstimator estimator, ModelBatching batching) {
    return new ModelCatalog(
        new ServingModel(estimator, batching),
        List.of(),
        new ChallengerSampling(0),
        Clock.systemUTC(),
        "local");
  }

  private static void requireUniqueIds(Lineup lineup) {
    Set<String> seen = new HashSet<>();
    for (ServingModel model : lineup.all()) {
      if (!seen.add(model.id())) {
        throw new IllegalArgumentException(
            "two loaded bundles have the model id '"
                + model.id()
                + "' ("
                + model.bundle().directory()
                + " is one): metrics, windows and comparisons are kept per model id, so give the"
                + " challenger its own \"id\" in its model.json (e.g. '"
                + model.id()
                + "-next') and its sha256 stays valid");
      }
    }
  }

  /**
   * Called with every change of champion, after it took effect, including the ones followed from
   * another replica ({@link #follow}): to log it, count it, show it.
   */
  public void onChange(Consumer<ModelChange> listener) {
    listeners.add(listener);
  }

  /**
   * Called with the changes made on this replica only (an operator's promotion, the automatic rule,
   * a hot reload), after the {@link #onChange} listeners, never with a promotion {@linkplain
   * #follow followed} from {@code depth.models.events}: the event publisher registers here, so a
   * followed promotion is not published again and replicas do not echo each other's events.
   */
  public void onOwnChange(Consumer<ModelChange> listener) {
    ownListeners.add(listener);
  }

  public Lineup lineup() {
    return lineup.get();
  }

  public ServingModel champion() {
    return lineup.get().champion();
  }

  public ChallengerSampling sampling() {
    return sampling;
  }

  /** The champion's path takes its model here: {@link #championLease()}. */
  @Override
  public ServingModel.Lease hold() {
    return championLease();
  }

  /** A hold on the current champion for one frame (or one batch); close it when done. */
  public ServingModel.Lease championLease() {
    while (true) {
      ServingModel.Lease lease = lineup.get().champion().tryAcquire();
      if (lease != null) {
        return lease;
      }
      // Retired between reading the lineup and acquiring: the lineup already names its successor.
    }
  }

  /**
   * Holds on the challengers that run frame {@code sequence} of {@code cameraKey}: all of them when
   * the frame is in the sample, none otherwise. Close each when done.
   */
  public List<ServingModel.Lease> challengerLeases(String cameraKey, long sequence) {
    if (!sampling.sampled(cameraKey, sequence)) {
      return List.of();
    }
    List<ServingModel.Lease> leases = new ArrayList<>();
    for (ServingModel challenger : lineup.get().challengers()) {
      ServingModel.Lease lease = challenger.tryAcquire();
      if (lease != null) {
        leases.add(lease);
      }
    }
    return leases;
  }

  public Optional<ServingModel> find(String id) {
    return lineup.get().all().stream().filter(m -> m.id().equals(id)).findFirst();
  }

  /**
   * Makes challenger {@code id} the champion. The old champion stays on as a challenger, so its
   * comparison goes on and a rollback is one more promotion.
   *
   * @throws UnknownModelException when no loaded model has this id
   * @throws IllegalStateException when {@code id} is already the champion
   */
  public synchronized ModelChange promote(
      String id, ModelEventKind kind, String actor, String reason) {
    Lineup current = lineup.get();
    ServingModel next = swapIn(current, id);
    return announce(kind, actor, reason, current.champion(), next, false);
  }

  /**
   * Makes challenger {@code id} the champion because another replica promoted it (an event on
   * {@code depth.models.events}): the same swap as {@link #promote}, told to the {@link #onChange}
   * listeners but not to the {@link #onOwnChange} ones, so it is not published again.
   *
   * @return the change, or empty when {@code id} is already the champion (nothing to follow)
   * @throws UnknownModelException when no loaded model has this id
   */
  public synchronized Optional<ModelChange> follow(
      String id, ModelEventKind kind, String actor, String reason) {
    Lineup current = lineup.get();
    if (current.champion().id().equals(id)) {
      return Optional.empty();
    }
    ServingModel next = swapIn(current, id);
    return Optional.of(announce(kind, actor, reason, current.champion(), next, true));
  }

  /** Swaps challenger {@code id} in as the champion, the old champion first of the challengers. */
  private ServingModel swapIn(Lineup current, String id) {
    ServingModel next =
        current.challengers().stream()
            .filter(m -> m.id().equals(id))
            .findFirst()
            .orElseThrow(
                () -> {
                  if (current.champion().id().equals(id)) {
                    return new IllegalStateException(
                        "model '" + id + "' is already the champion; nothing to promote");
                  }
                  return new UnknownModelException(
                      id, current.all().stream().map(ServingModel::id).toList());
                });
    List<ServingModel> challengers = new ArrayList<>(current.challengers());
    challengers.remove(next);
    challengers.add(0, current.champion());
    lineup.set(new Lineup(next, challengers));
    return next;
  }

  /**
   * Puts {@code replacement} (a new version of the champion's bundle) in the champion's place and
   * retires the old one, whose session closes after its last frame.
   */
  public synchronized ModelChange replaceChampion(
      ServingModel replacement, String actor, String reason) {
    Lineup current = lineup.get();
    Lineup next = new Lineup(replacement, current.challengers());
    requireUniqueIds(next);
    lineup.set(next);
    current.champion().retire();
    return announce(ModelEventKind.RELOADED, actor, reason, current.champion(), replacement, false);
  }

  private ModelChange announce(
      ModelEventKind kind,
      String actor,
      String reason,
      ServingModel old,
      ServingModel next,
      boolean followed) {
    ModelChange change =
        new ModelChange(
            kind,
            clock.instant(),
            actor,
            reason,
            instance,
            old.id(),
            old.version(),
            next.id(),
            next.version());
    LOG.info("{}{}", followed ? "followed from another replica: " : "", change.describe());
    List<Consumer<ModelChange>> told = new ArrayList<>(listeners);
    if (!followed) {
      told.addAll(ownListeners);
    }
    for (Consumer<ModelChange> listener : told) {
      try {
        listener.accept(change);
      } catch (RuntimeException e) {
        // The swap has happened; a listener (the event publisher) failing must not undo it.
        LOG.warn("model change listener failed for {}: {}", change.describe(), e.toString());
      }
    }
    return change;
  }

  /** Retires every model; sessions close as their last frames finish. */
  @Override
  public synchronized void close() {
    lineup.get().all().forEach(ServingModel::retire);
  }
}
