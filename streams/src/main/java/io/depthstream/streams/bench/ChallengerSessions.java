package io.depthstream.streams.bench;

import io.depthstream.core.bench.InferenceBench;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.ModelBundleException;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.streams.models.ModelLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The challengers of the challenger drains, opened once for all of them with the champion's engine
 * options, so every drain runs on warm sessions and none pays for opening one. A catalog needs
 * unique model ids, so a bundle given twice (or the champion's own) runs again under its id plus
 * {@code -copy2}, {@code -copy3}...: the same model.onnx in its own session, which {@link #notes()}
 * says in the report.
 */
final class ChallengerSessions implements AutoCloseable {

  private final List<DepthEstimator> estimators = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  private ChallengerSessions() {}

  /** Opens {@code directories} in order; {@code championId} is taken already. */
  static ChallengerSessions open(List<Path> directories, String championId, EngineOptions options) {
    ChallengerSessions sessions = new ChallengerSessions();
    Set<String> taken = new HashSet<>(Set.of(championId));
    try {
      for (Path directory : directories) {
        ModelBundle bundle = ModelLoader.load(directory, "challenger");
        String id = uniqueId(bundle.id(), taken);
        if (!id.equals(bundle.id())) {
          sessions.notes.add(
              id
                  + " is "
                  + bundle.label()
                  + " from "
                  + directory
                  + " again under another id (model ids are unique in a catalog): the same"
                  + " model.onnx in a session of its own");
          bundle = renamed(bundle, id);
        }
        if (bundle.output().kind() == OutputKind.INVERSE_RELATIVE) {
          // The service refuses such a challenger when it loads it (ModelLoader.open).
          throw new ModelBundleException(
              "challenger " + bundle.label() + " predicts relative depth; the service refuses it");
        }
        sessions.estimators.add(DepthEstimator.open(bundle, options));
      }
      return sessions;
    } catch (RuntimeException e) {
      sessions.close();
      throw e;
    }
  }

  /** The open challengers, in the order given. */
  List<DepthEstimator> estimators() {
    return List.copyOf(estimators);
  }

  /**
   * Runs {@code warmup} frames through each session, as (a) does for the champion, so the first
   * drain with a challenger does not pay for its session's first runs.
   */
  void warmUp(BenchFrames frames, int warmup) {
    for (DepthEstimator estimator : estimators) {
      new InferenceBench(estimator, frames.pictures()).run(1, warmup, 1, 0);
    }
  }

  /** What the report should say about the challengers (the copies made). */
  List<String> notes() {
    return List.copyOf(notes);
  }

  private static String uniqueId(String id, Set<String> taken) {
    String unique = id;
    for (int copy = 2; !taken.add(unique); copy++) {
      unique = id + "-copy" + copy;
    }
    return unique;
  }

  /** {@code bundle} under {@code id}: the same directory, so the same checked model.onnx. */
  private static ModelBundle renamed(ModelBundle bundle, String id) {
    return new ModelBundle(
        bundle.directory(),
        id,
        bundle.version(),
        bundle.encoder(),
        bundle.input(),
        bundle.output(),
        bundle.training(),
        bundle.metrics(),
        bundle.sha256(),
        bundle.heldOut());
  }

  @Override
  public void close() {
    estimators.forEach(DepthEstimator::close);
  }
}
