package io.depthstream.cli.synth;

import io.depthstream.cli.FrameSize;
import io.depthstream.cli.PictureSheet;
import io.depthstream.cli.TypedCommand;
import io.depthstream.core.color.Colormap;
import io.depthstream.core.dataset.KittiLayoutWriter;
import io.depthstream.core.dataset.NyuLayoutWriter;
import io.depthstream.core.progress.ProgressBar;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticFrame;
import io.depthstream.core.synth.SyntheticWorld;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./depthstream synth}: renders a sequence of the synthetic world and writes it as datasets
 * that existing depth tools read — DenseDepth's NYU layout and KITTI's raw + depth-benchmark layout
 * — plus a contact sheet to look at.
 */
@Command(
    name = "synth",
    mixinStandardHelpOptions = true,
    description = {
      "Render a synthetic dataset (an NYU-like room or a KITTI-like street) with exact dense depth,"
          + " a 64-beam LiDAR sweep and calibration per frame.",
      "Writes OUT/nyu (DenseDepth's nyu2_train.csv/nyu2_test.csv layout), OUT/kitti (image_02,"
          + " velodyne_points, proj_depth/groundtruth, depth_dense, calib_*.txt) and"
          + " OUT/contact_sheet.png."
    },
    sortOptions = false)
public final class SynthCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--scene",
      defaultValue = "street",
      description =
          "indoor (NYU-like room, depth <= 10 m) or street (KITTI-like, depth <= 80 m). Default:"
              + " ${DEFAULT-VALUE}")
  String scene;

  @Option(
      names = "--count",
      defaultValue = "100",
      description = "Frames to render. Default: ${DEFAULT-VALUE}")
  int count;

  @Option(
      names = "--size",
      defaultValue = "640x480",
      converter = FrameSize.Converter.class,
      description = "Image size WxH. Default: ${DEFAULT-VALUE}")
  FrameSize size;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "World seed; the same seed gives the same files. Default: ${DEFAULT-VALUE}")
  long seed;

  @Option(
      names = "--worlds",
      defaultValue = "1",
      description =
          "Rooms or streets to spread the frames over (world seeds SEED, SEED+1, …; frame i comes"
              + " from world i mod N), for a test set that is more than one place."
              + " Default: ${DEFAULT-VALUE}")
  int worlds;

  @Option(
      names = "--spacing",
      defaultValue = "1",
      description =
          "Frames between two samples of one world (1 = consecutive, 100 ms apart; 15 = 1.5 s)."
              + " Default: ${DEFAULT-VALUE}")
  int spacing;

  @Option(
      names = "--start",
      defaultValue = "0",
      description = "Index of the first frame (frames are 100 ms apart). Default: ${DEFAULT-VALUE}")
  int start;

  @Option(
      names = "--out",
      defaultValue = "data/synth",
      description = "Output folder. Default: ${DEFAULT-VALUE}")
  Path out;

  @Option(
      names = "--layout",
      defaultValue = "both",
      description = "nyu, kitti or both. Default: ${DEFAULT-VALUE}")
  String layout;

  @Option(
      names = "--test-fraction",
      defaultValue = "0.2",
      description =
          "Share of frames (the last ones) that form the NYU test split. Default: ${DEFAULT-VALUE}")
  double testFraction;

  @Option(
      names = "--sheet-rows",
      defaultValue = "8",
      description =
          "Frames shown on the contact sheet, spread evenly over the run. Default: ${DEFAULT-VALUE}")
  int sheetRows;

  @Option(
      names = "--threads",
      description = "Frames rendered at once. Default: the number of processors")
  int threads = Runtime.getRuntime().availableProcessors();

  @Override
  public Integer call() throws Exception {
    SceneKind kind = parseScene();
    boolean nyu = layout.equalsIgnoreCase("nyu") || layout.equalsIgnoreCase("both");
    boolean kitti = layout.equalsIgnoreCase("kitti") || layout.equalsIgnoreCase("both");
    if (!nyu && !kitti) {
      throw usage("--layout must be nyu, kitti or both, got '" + layout + "'");
    }
    if (count < 1) {
      throw usage("--count must be at least 1, got " + count);
    }
    if (worlds < 1 || worlds > count) {
      throw usage("--worlds must be between 1 and --count (" + count + "), got " + worlds);
    }
    if (spacing < 1) {
      throw usage("--spacing must be at least 1 frame, got " + spacing);
    }
    if (start < 0 || start + (long) spacing * count > Integer.MAX_VALUE) {
      throw usage(
          "--start must be 0 or more and --start + --spacing x --count fit an int, got " + start);
    }
    if (!(testFraction >= 0 && testFraction <= 1)) {
      throw usage("--test-fraction must be in [0, 1], got " + testFraction);
    }
    if (threads < 1) {
      throw usage("--threads must be at least 1, got " + threads);
    }
    PrintWriter err = spec.commandLine().getErr();
    if (nyu && kind == SceneKind.STREET) {
      err.println(
          "synth: note: the NYU layout's 8-bit training depth stops at 10 m; street depths beyond"
              + " saturate there (the KITTI layout keeps them).");
    }
    try {
      return generate(kind, nyu, kitti);
    } catch (IOException | UncheckedIOException e) {
      Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
      err.println(
          "synth: cannot write under " + out + ": " + cause + "; check --out is a writable folder");
      return 1;
    }
  }

  private int generate(SceneKind kind, boolean nyu, boolean kitti)
      throws IOException, InterruptedException {
    List<SyntheticWorld> places = new ArrayList<>(worlds);
    for (int w = 0; w < worlds; w++) {
      places.add(new SyntheticWorld(kind, seed + w));
    }
    String name = kind.name().toLowerCase(Locale.ROOT);
    int testCount = (int) Math.round(count * testFraction);
    NyuLayoutWriter nyuWriter = nyu ? nyuWriter(name, testCount) : null;
    List<KittiLayoutWriter> kittiWriters = kitti ? kittiWriters(places) : List.of();
    PictureSheet sheet = new PictureSheet(sheetRows, 2, count, size.width(), size.height());

    long began = System.nanoTime();
    render(places, name, nyuWriter, kittiWriters, sheet, sheetMaxDepth(kind));
    if (nyuWriter != null) {
      nyuWriter.finish();
    }
    for (KittiLayoutWriter writer : kittiWriters) {
      writer.finish();
    }
    Files.write(out.resolve("contact_sheet.png"), sheet.png());
    SynthProvenance.write(out, TypedCommand.of(spec));
    printSummary(name, (System.nanoTime() - began) / 1e9, nyu ? testCount : -1, kitti);
    return 0;
  }

  /** DenseDepth's NYU layout under {@code out/nyu}, one training sequence for all worlds. */
  private NyuLayoutWriter nyuWriter(String name, int testCount) throws IOException {
    return new NyuLayoutWriter(
        out.resolve("nyu"),
        worlds == 1
            ? String.format(Locale.ROOT, "synth_%s_%04d_out", name, seed)
            : String.format(Locale.ROOT, "synth_%s_%04d_x%d_out", name, seed, worlds),
        count,
        testCount);
  }

  /** KITTI's layout under {@code out/kitti}: one drive per world. */
  private List<KittiLayoutWriter> kittiWriters(List<SyntheticWorld> places) throws IOException {
    List<KittiLayoutWriter> writers = new ArrayList<>(worlds);
    for (int w = 0; w < worlds; w++) {
      SyntheticWorld world = places.get(w);
      String drive =
          String.format(
              Locale.ROOT, "2026_01_01_drive_%04d_sync", Math.floorMod(world.seed(), 10000));
      // KITTI keeps calibration per date folder, and each room's rig differs: one folder each
      Path root =
          worlds == 1
              ? out.resolve("kitti")
              : out.resolve("kitti").resolve(String.format(Locale.ROOT, "world_%d", world.seed()));
      writers.add(
          new KittiLayoutWriter(
              root, drive, world.calibration(size.width(), size.height()), framesOfWorld(w)));
    }
    return writers;
  }

  /**
   * Renders every frame on {@code threads} threads and writes it to the layouts and the sheet:
   * position p is frame {@code p / worlds} of world {@code p mod worlds}.
   */
  private void render(
      List<SyntheticWorld> places,
      String name,
      NyuLayoutWriter nyuWriter,
      List<KittiLayoutWriter> kittiWriters,
      PictureSheet sheet,
      double sheetMaxDepth)
      throws InterruptedException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (ProgressBar progress = new ProgressBar("synth " + name, count, "frames", System.err)) {
      List<Future<?>> jobs = new ArrayList<>(count);
      for (int p = 0; p < count; p++) {
        int position = p;
        jobs.add(
            pool.submit(
                () -> {
                  int w = position % worlds;
                  int positionInWorld = position / worlds;
                  SyntheticFrame frame =
                      places
                          .get(w)
                          .render(size.width(), size.height(), start + positionInWorld * spacing);
                  writeFrame(
                      position,
                      frame,
                      nyuWriter,
                      kittiWriters.isEmpty() ? null : kittiWriters.get(w),
                      positionInWorld,
                      sheet,
                      sheetMaxDepth);
                  progress.step();
                }));
      }
      for (Future<?> job : jobs) {
        job.get();
      }
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UncheckedIOException u) {
        throw u;
      }
      throw new IllegalStateException("rendering failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** What was rendered, how fast, and where it went; {@code testCount} is -1 without NYU. */
  private void printSummary(String name, double seconds, int testCount, boolean kitti) {
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.printf(
        Locale.ROOT,
        "rendered %d %s frames (%dx%d, %s) in %.1f s (%.0f ms/frame on %d threads)%n",
        count,
        name,
        size.width(),
        size.height(),
        worlds == 1 ? "seed " + seed : "worlds of seeds " + seed + ".." + (seed + worlds - 1),
        seconds,
        seconds * 1000 / count,
        threads);
    if (testCount >= 0) {
      stdout.printf(
          Locale.ROOT,
          "  %s  (%d train, %d test)%n",
          out.resolve("nyu/data"),
          count - testCount,
          testCount);
    }
    if (kitti) {
      stdout.printf(Locale.ROOT, "  %s%n", out.resolve("kitti"));
    }
    stdout.printf(Locale.ROOT, "  %s%n", out.resolve("contact_sheet.png"));
    stdout.flush();
  }

  /** Frames that world {@code w} contributes: positions w, w + N, w + 2N, … below the count. */
  private int framesOfWorld(int w) {
    return (count - w + worlds - 1) / worlds;
  }

  private static void writeFrame(
      int position,
      SyntheticFrame frame,
      NyuLayoutWriter nyu,
      KittiLayoutWriter kitti,
      int positionInWorld,
      PictureSheet sheet,
      double sheetMaxDepth) {
    try {
      if (nyu != null) {
        nyu.write(position, frame);
      }
      if (kitti != null) {
        kitti.write(positionInWorld, frame);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (sheet.wants(position)) {
      sheet.add(
          position, List.of(frame.rgb(), Colormap.TURBO.render(frame.depth(), 0, sheetMaxDepth)));
    }
  }

  /**
   * Colour range of the sheet's depth: rooms rarely reach past 7 m, so spread the colours there.
   */
  private static double sheetMaxDepth(SceneKind kind) {
    return kind == SceneKind.INDOOR ? 7.0 : kind.maxDepthMetres();
  }

  private SceneKind parseScene() {
    try {
      return SceneKind.parse(scene);
    } catch (IllegalArgumentException e) {
      throw usage("--scene: " + e.getMessage());
    }
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
