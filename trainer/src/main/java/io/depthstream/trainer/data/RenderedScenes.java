package io.depthstream.trainer.data;

import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;

/**
 * Synthetic frames from several rooms (or streets) of the {@link SyntheticWorld}, rendered once and
 * held in memory, so that every model of a comparison trains on exactly the same pictures without
 * paying for rendering again each epoch. A single world is one room and one walk, so neighbouring
 * frames nearly repeat; spreading the samples over {@link #ROOMS_EVERY} frames per room and {@link
 * #FRAME_SPACING} frames apart gives varied data. Training and test sets draw their rooms from
 * disjoint world seeds, so a test room has never been seen in training.
 *
 * <p>Sample {@code i} is frame {@code (i / rooms) · FRAME_SPACING} of room {@code i mod rooms},
 * whose world seed is {@link #worldSeed}. Dense ground truth (the renderer's exact z-depth).
 */
public final class RenderedScenes implements DepthDataset {

  /** Frames taken from one room before another room is added. */
  public static final int ROOMS_EVERY = 20;

  /** Frames between two samples of one room: 1.5 s of the walk, a twentieth of an indoor lap. */
  public static final int FRAME_SPACING = 15;

  /** The two disjoint families of world seeds. */
  public enum Role {
    TRAIN,
    TEST
  }

  private final String name;
  private final List<DepthSample> samples;

  private RenderedScenes(String name, List<DepthSample> samples) {
    this.name = name;
    this.samples = List.copyOf(samples);
  }

  /**
   * Renders {@code count} frames at {@code width × height} on {@code threads} threads (the result
   * does not depend on the thread count) and keeps them at that size.
   */
  public static RenderedScenes render(
      SceneKind kind, Role role, long seed, int count, int width, int height, int threads) {
    return render(kind, role, seed, count, width, height, threads, UnaryOperator.identity());
  }

  /**
   * As {@link #render(SceneKind, Role, long, int, int, int, int)}, keeping {@code kept} of each
   * frame as soon as it is rendered: a frame rendered at K times the input size and shrunk to it
   * here holds 1/K² of the memory (4,800 frames rendered at 384×288 for a 128×96 input: 0.22 GiB
   * instead of 3.5), and shrinking it again later is free, since a resize to the size an image
   * already has returns it unchanged.
   */
  public static RenderedScenes render(
      SceneKind kind,
      Role role,
      long seed,
      int count,
      int width,
      int height,
      int threads,
      UnaryOperator<DepthSample> kept) {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(kept, "kept");
    if (count <= 0) {
      throw new IllegalArgumentException(
          "a synthetic " + role.name().toLowerCase() + " set needs at least 1 frame, got " + count);
    }
    int rooms = rooms(count);
    List<SyntheticWorld> worlds = new ArrayList<>(rooms);
    for (int r = 0; r < rooms; r++) {
      worlds.add(new SyntheticWorld(kind, worldSeed(seed, role, r)).withLidar(false));
    }
    worlds.get(0).calibration(width, height); // a bad size fails here, before any thread starts
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
    try {
      List<Future<DepthSample>> pending = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int room = room(i, rooms);
        int frame = frame(i, rooms);
        SyntheticWorld world = worlds.get(room);
        String source =
            kind.name().toLowerCase() + " room seed " + world.seed() + " frame " + frame;
        pending.add(
            pool.submit(
                () -> {
                  SyntheticFrame f = world.render(width, height, frame);
                  return kept.apply(new DepthSample(f.rgb(), f.depth(), source));
                }));
      }
      List<DepthSample> out = new ArrayList<>(count);
      for (Future<DepthSample> f : pending) {
        out.add(f.get());
      }
      String name =
          String.format(
              "synth-%s %s (%d frames from %d rooms, seed %d, %dx%d)",
              kind.name().toLowerCase(),
              role.name().toLowerCase(),
              count,
              rooms,
              seed,
              width,
              height);
      return new RenderedScenes(name, out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rendering synthetic frames", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("rendering a synthetic frame failed: " + e.getCause(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** Rooms needed for {@code count} samples. */
  public static int rooms(int count) {
    return (count + ROOMS_EVERY - 1) / ROOMS_EVERY;
  }

  static int room(int index, int rooms) {
    return index % rooms;
  }

  static int frame(int index, int rooms) {
    return (index / rooms) * FRAME_SPACING;
  }

  /**
   * World seed of room {@code room}: training rooms and test rooms come from separate ranges, so
   * they never share a room for any room count below half a million.
   */
  public static long worldSeed(long seed, Role role, int room) {
    return seed * 1_000_003L + (role == Role.TEST ? 500_000 : 0) + room;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int size() {
    return samples.size();
  }

  @Override
  public DepthSample sample(int index) {
    return samples.get(Objects.checkIndex(index, samples.size()));
  }
}
