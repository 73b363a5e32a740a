package io.depthstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import io.depthstream.core.image.RgbImage;
import io.depthstream.core.inference.DepthEstimator;
import io.depthstream.core.inference.DepthPrediction;
import io.depthstream.core.inference.EngineOptions;
import io.depthstream.core.inference.ModelBundle;
import io.depthstream.core.inference.OutputKind;
import io.depthstream.core.synth.SceneKind;
import io.depthstream.core.synth.SyntheticWorld;
import io.depthstream.trainer.train.Checkpoint;
import io.depthstream.trainer.train.OptimizerKind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CommandsTest {

  @Test
  void helpListsEveryOption() {
    for (Object command : new Object[] {new TrainCommand(), new ExportCommand()}) {
      CommandLine cli = new CommandLine(command);
      StringWriter out = new StringWriter();
      cli.setOut(new PrintWriter(out));
      StringWriter err = new StringWriter();
      cli.setErr(new PrintWriter(err));
      assertThat(cli.execute("--help")).as(err.toString()).isZero();
      for (OptionSpec option : cli.getCommandSpec().options()) {
        assertThat(out.toString()).contains(option.longestName());
      }
    }
  }

  @Test
  void trainResumeExportAndRunTheBundle(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("tiny.ckpt");
    String[] common = {
      "train",
      "--model",
      "densedepth-tiny",
      "--width",
      "64",
      "--height",
      "64",
      "--checkpoint",
      ckpt.toString(),
      "--lr",
      "1e-3",
      "--lr-warmup",
      "2"
    };
    assertThat(Main.commandLine().execute(concat(concat(common, TINY_DATA), "--epochs", "1")))
        .isZero();
    Checkpoint first = Checkpoint.read(ckpt);
    assertThat(first.learningRate().warmupSteps()).isEqualTo(2);
    assertThat(first.epoch()).isEqualTo(1);
    assertThat(first.step()).isEqualTo(2);
    assertThat(first.metrics()).containsKeys("delta1", "abs_rel", "rmse");
    // DenseDepth models train with AMSGrad unless told otherwise; a resumed run keeps it
    assertThat(first.optimizer()).isEqualTo(OptimizerKind.AMSGRAD);
    assertThat(first.optimiserState()).containsKey("vmax/conv3/kernel");
    assertThat(first.batchSize()).isEqualTo(4);
    assertThat(refusal("train", "--resume", ckpt.toString(), "--batch-size", "2"))
        .contains("the checkpoint trained with batches of 4")
        .contains("drop --batch-size");
    assertThat(
            Main.commandLine().execute("train", "--resume", ckpt.toString(), "--optimizer", "adam"))
        .as("--optimizer adam cannot continue AMSGrad's moments")
        .isNotZero();
    assertThat(refusal("train", "--resume", ckpt.toString(), "--lr-warmup", "5"))
        .contains("--lr-warmup 5 cannot change the warm-up of a resumed run (2 steps");
    assertThat(refusal("train", "--resume", ckpt.toString(), "--metric-weight", "300"))
        .contains("--metric-weight 300.0 cannot change a resumed run's loss (densedepth, from")
        .contains("drop --metric-weight to resume");

    assertThat(
            Main.commandLine()
                .execute(
                    concat(
                        concat(
                            new String[] {
                              "train", "--resume", ckpt.toString(), "--checkpoint", ckpt.toString()
                            },
                            TINY_DATA),
                        "--epochs",
                        "2",
                        "--lr-decay-at",
                        "2,3",
                        "--lr-decay",
                        "0.5")))
        .isZero();
    Checkpoint second = Checkpoint.read(ckpt);
    assertThat(second.epoch()).isEqualTo(2);
    assertThat(second.step()).isEqualTo(4);
    assertThat(second.optimizer()).isEqualTo(OptimizerKind.AMSGRAD);
    // the resumed run keeps the checkpoint's rate and decays it from where it stood
    assertThat(second.learningRate().base()).isEqualTo(1e-3);
    assertThat(second.learningRate().decaySteps()).containsExactly(2L, 3L);
    assertThat(second.learningRate().rateAt(4)).isEqualTo(2.5e-4);
    assertThat(second.learningRate().warmupSteps()).as("kept from the checkpoint").isEqualTo(2);

    Path models = dir.resolve("models");
    assertThat(
            Main.commandLine()
                .execute(
                    "export",
                    "--checkpoint",
                    ckpt.toString(),
                    "--models-dir",
                    models.toString(),
                    "--id",
                    "tiny-synth"))
        .isZero();
    ModelBundle bundle = ModelBundle.load(models.resolve("tiny-synth"));
    assertThat(bundle.output().kind()).isEqualTo(OutputKind.DEPTH_INVERSE_NORM);
    assertThat(bundle.input().width()).isEqualTo(64);
    assertThat(bundle.training().orElseThrow().steps()).isEqualTo(4);
    assertThat(bundle.training().orElseThrow().command())
        .startsWith("./depthstream train --resume");
    assertThat(Files.size(bundle.modelFile())).isPositive();

    // a new run from the bundle's weights, at a larger input: fresh optimiser, step count and rate
    Path tuned = dir.resolve("tuned.ckpt");
    String[] fineTune = {
      "train",
      "--model",
      "densedepth-tiny",
      "--width",
      "96",
      "--height",
      "96",
      "--epochs",
      "1",
      "--max-steps",
      "1",
      "--lr",
      "1e-12",
      "--checkpoint",
      tuned.toString(),
      "--init-from",
      models.resolve("tiny-synth").toString()
    };
    assertThat(Main.commandLine().execute(concat(fineTune, TINY_DATA))).isZero();
    Checkpoint fromBundle = Checkpoint.read(tuned);
    assertThat(fromBundle.step()).isEqualTo(1);
    assertThat(fromBundle.config().width()).isEqualTo(96);
    assertThat(fromBundle.learningRate().base()).isEqualTo(1e-12);
    // one step at a vanishing rate moves no kernel visibly: the run started from the bundle
    assertThat(
            fromBundle
                .parameters()
                .get("conv3/kernel")
                .sub(second.parameters().get("conv3/kernel"))
                .amaxNumber()
                .doubleValue())
        .isLessThan(1e-6);
    assertThat(
            Main.commandLine()
                .execute(
                    "train",
                    "--resume",
                    tuned.toString(),
                    "--init-from",
                    models.resolve("tiny-synth").toString()))
        .as("--resume has its own weights")
        .isNotZero();

    RgbImage frame = new SyntheticWorld(SceneKind.INDOOR, 9).render(64, 64, 0).rgb();
    try (DepthEstimator estimator = DepthEstimator.open(bundle, EngineOptions.defaults())) {
      DepthPrediction p = estimator.predict(frame);
      assertThat(p.depth().validCount()).isPositive();
      for (float d : p.depth().metres()) {
        assertThat(d).isBetween(0.1f - 1e-6f, 10f + 1e-6f);
      }
    }
  }

  @Test
  void trainAndExportADeepLabClassifier(@TempDir Path dir) throws Exception {
    Path ckpt = dir.resolve("cls.ckpt");
    assertThat(
            Main.commandLine()
                .execute(
                    "train",
                    "--model",
                    "deeplab-tiny",
                    "--head",
                    "sid",
                    "--bins",
                    "16",
                    "--max-depth",
                    "80",
                    "--width",
                    "64",
                    "--height",
                    "64",
                    "--dataset",
                    "synth-street",
                    "--synth-frames",
                    "10",
                    "--val-fraction",
                    "0.2",
                    "--batch-size",
                    "4",
                    "--epochs",
                    "1",
                    "--checkpoint",
                    ckpt.toString()))
        .isZero();
    Checkpoint trained = Checkpoint.read(ckpt);
    assertThat(trained.config().id()).isEqualTo("deeplab-tiny-sid16");
    assertThat(trained.loss().kind().id()).isEqualTo("cross-entropy");
    assertThat(trained.metrics()).containsKeys("delta1", "abs_rel");

    Path models = dir.resolve("models");
    assertThat(
            Main.commandLine()
                .execute(
                    "export", "--checkpoint", ckpt.toString(), "--models-dir", models.toString()))
        .isZero();
    ModelBundle bundle = ModelBundle.load(models.resolve("deeplab-tiny-sid16"));
    assertThat(bundle.output().kind()).isEqualTo(OutputKind.DEPTH_BINS);
    assertThat(bundle.output().bins().bins().count()).isEqualTo(16);
    assertThat(bundle.encoder()).isEqualTo("resnet-tiny");
    RgbImage frame = new SyntheticWorld(SceneKind.STREET, 9).render(64, 64, 0).rgb();
    try (DepthEstimator estimator = DepthEstimator.open(bundle, EngineOptions.defaults())) {
      for (float d : estimator.predict(frame).depth().metres()) {
        assertThat(d).isBetween(0.8f - 1e-5f, 80f + 1e-4f);
      }
    }
  }

  @Test
  void refusesHeadsAndLossesThatDoNotFit() {
    assertThat(trainError("--model", "baseline-bn", "--head", "sid"))
        .contains("--head sid needs a DenseDepth or DeepLab model; baseline-bn");
    assertThat(trainError("--model", "densedepth-tiny", "--head", "sid", "--bins", "1"))
        .contains("--bins 1: a classification head needs 2 to");
    assertThat(trainError("--model", "densedepth-tiny", "--head", "softmax"))
        .contains("--head 'softmax' is unknown");
    assertThat(trainError("--model", "densedepth-tiny", "--head", "ud", "--loss", "l1"))
        .contains("--loss l1 scores one-channel depth, but --head ud predicts 71 bin logits");
    assertThat(trainError("--model", "densedepth-tiny", "--loss", "cross-entropy"))
        .contains("--loss cross-entropy needs a classification head");
    assertThat(trainError("--model", "densedepth-tiny", "--lr-decay-at", "300,200"))
        .contains("--lr-decay-at needs ascending step numbers of at least 1");
    assertThat(trainError("--model", "densedepth-tiny", "--lr-decay", "2"))
        .contains("--lr-decay must be in (0, 1]");
    assertThat(
            trainError(
                "--model",
                "densedepth-tiny",
                "--init-from",
                "a-bundle",
                "--encoder-weights",
                "x.h5"))
        .contains(
            "--init-from already sets every weight, the encoder's too: drop --encoder-weights");
  }

  @Test
  void refusesUnknownNamesWhileReadingTheCommandLine() {
    // typed options: a typo is refused before any data loads, naming what is accepted
    assertThat(trainError("--optimizer", "sgd"))
        .contains("--optimizer")
        .contains("unknown optimizer 'sgd'; choose one of adam, amsgrad");
    assertThat(trainError("--target", "dense"))
        .contains("unknown target 'dense'; choose one of masked, densified");
    assertThat(trainError("--dataset", "nyu2"))
        .contains(
            "unknown data set 'nyu2'; choose one of synth-indoor, synth-street, synth-mixed, nyu,"
                + " kitti");
    assertThat(trainError("--loss", "densedepth-silog", "--metric-weight", "300"))
        .contains("--loss densedepth-silog has none; drop --metric-weight");
    assertThat(trainError("--loss", "densedepth-silog-metric", "--metric-weight", "0"))
        .contains("--metric-weight must be a positive number");
    assertThat(trainError("--crop", "kitti")).contains("unknown crop 'kitti'; choose one of none");
  }

  private static String trainError(String... args) {
    String err = refusal(concat(new String[] {"train", "--width", "64", "--height", "64"}, args));
    assertThat(err).doesNotContain("Exception");
    return err;
  }

  /** What a command refused with a non-zero exit wrote to stderr. */
  private static String refusal(String... command) {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute(command)).isNotZero();
    return err.toString();
  }

  @Test
  void refusesARunThatCannotFitInMemory() {
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "train",
            "--model",
            "densedepth-169",
            "--batch-size",
            "64",
            "--dataset",
            "synth-indoor");
    assertThat(code).isNotZero();
    assertThat(err.toString())
        .contains("densedepth-169 at 640x480 with batch size 64 needs about")
        .contains("DEPTHSTREAM_JAVA_OPTS")
        .doesNotContain("Exception");
  }

  /** Ten synthetic rooms, two of them for validation, in batches of four: seconds per epoch. */
  private static final String[] TINY_DATA = {
    "--dataset",
    "synth-indoor",
    "--synth-frames",
    "10",
    "--val-fraction",
    "0.2",
    "--batch-size",
    "4"
  };

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
