package io.depthstream.trainer.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.depthstream.core.inference.ModelBundle;
import io.depthstream.trainer.Main;
import io.depthstream.trainer.report.ComparisonReport;
import io.depthstream.trainer.train.Checkpoint;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CompareCommandTest {

  private static final List<String> QUICK_ROWS =
      List.of("densedepth-tiny (F=16)", "baseline-conv", "baseline-bn");

  @Test
  void quickRunWritesTheReportWithOneFiniteRowPerModel(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("report");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("compare", "--quick", "--out", out.toString());

    assertThat(code).as(err.toString()).isZero();
    for (String file :
        List.of(
            ComparisonReport.MARKDOWN,
            ComparisonReport.HTML,
            ComparisonReport.LOSS_PLOT,
            ComparisonReport.DELTA1_PLOT,
            ComparisonReport.QUALITATIVE)) {
      assertThat(out.resolve(file)).isNotEmptyFile();
    }
    String md = Files.readString(out.resolve(ComparisonReport.MARKDOWN));
    assertThat(md).contains("./depthstream compare --quick --out " + out);
    List<String> tableRows =
        md.lines()
            .filter(l -> l.startsWith("| ") && !l.startsWith("| Model"))
            .filter(l -> QUICK_ROWS.stream().anyMatch(n -> l.startsWith("| " + n + " |")))
            .toList();
    assertThat(tableRows).hasSize(QUICK_ROWS.size());
    for (String row : tableRows) {
      String[] cells = row.split("\\|");
      // cells[1] is the name; then δ1 δ2 δ3 rel sq-rel rms rms-log log10 SILog, params, ms/frame
      for (int c = 2; c <= 10; c++) {
        double v = Double.parseDouble(cells[c].replace("*", "").trim());
        assertThat(v).as(row).isFinite();
      }
      double ms = Double.parseDouble(cells[12].replace("*", "").trim());
      assertThat(ms).as(row).isPositive();
    }
    assertThat(md).contains("median wall time").contains("ONNX Runtime");

    // the recorded command gives the same numbers again (one OpenMP thread, as surefire sets)
    Path again = dir.resolve("again");
    assertThat(Main.commandLine().execute("compare", "--quick", "--out", again.toString()))
        .isZero();
    List<String> againRows = metricRows(Files.readString(again.resolve(ComparisonReport.MARKDOWN)));
    assertThat(againRows).isEqualTo(metricRows(md));
    assertThat(Files.readString(out.resolve(ComparisonReport.HTML))).contains("baseline-bn");

    Checkpoint tiny = Checkpoint.read(out.resolve("checkpoints/densedepth-tiny.ckpt"));
    assertThat(tiny.config().width()).isEqualTo(32);
    assertThat(tiny.step()).isEqualTo(2); // 7 training images in batches of 4, one epoch
    assertThat(ModelBundle.load(out.resolve("models/baseline-conv")).input().width()).isEqualTo(32);
  }

  @Test
  void classificationModelsGetTheirOwnRows(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("cls");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine();
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "compare",
            "--quick",
            "--scene",
            "street",
            "--models",
            "densedepth-tiny,densedepth-tiny:sid16,deeplab-tiny:ud8",
            "--out",
            out.toString());
    assertThat(code).as(err.toString()).isZero();
    String md = Files.readString(out.resolve(ComparisonReport.MARKDOWN));
    List<String> names =
        List.of("densedepth-tiny (F=16)", "densedepth-tiny-sid16 (F=16)", "deeplab-tiny-ud8");
    for (String name : names) {
      String row =
          md.lines().filter(l -> l.startsWith("| " + name + " |")).findFirst().orElseThrow();
      String[] cells = row.split("\\|");
      for (int c = 2; c <= 10; c++) {
        assertThat(Double.parseDouble(cells[c].replace("*", "").trim())).as(row).isFinite();
      }
    }
    assertThat(md).contains("softmax cross-entropy").contains("[0.8, 80] m");
    assertThat(ModelBundle.load(out.resolve("models/deeplab-tiny-ud8")).output().bins().bins())
        .hasToString("UNIFORM K=8 [0.8, 80.0] m");
    assertThat(
            Checkpoint.read(out.resolve("checkpoints/densedepth-tiny-sid16.ckpt"))
                .config()
                .head()
                .bins())
        .isEqualTo(16);
  }

  @Test
  void helpListsEveryOption() {
    CommandLine cli = new CommandLine(new CompareCommand());
    StringWriter text = new StringWriter();
    cli.setOut(new PrintWriter(text));
    assertThat(cli.execute("--help")).isZero();
    for (OptionSpec option : cli.getCommandSpec().options()) {
      assertThat(text.toString()).contains(option.longestName());
    }
  }

  @Test
  void quickDefaultsGiveWayToExplicitOptions() {
    CompareCommand command = new CompareCommand();
    new CommandLine(command).parseArgs("--quick", "--size", "64x32", "--epochs", "3");
    ComparisonPlan plan = command.plan();
    assertThat(plan.width()).isEqualTo(64);
    assertThat(plan.height()).isEqualTo(32);
    assertThat(plan.epochs()).isEqualTo(3);
    assertThat(plan.trainCount()).isEqualTo(8);
    assertThat(plan.contenders())
        .extracting(c -> c.architecture().id())
        .containsExactly("densedepth-tiny", "baseline-conv", "baseline-bn");
  }

  @Test
  void badInputIsNamedWithTheFix() {
    assertThatThrownBy(() -> plan("--size", "60x60"))
        .hasMessageContaining("--size 60x60")
        .hasMessageContaining("multiples of 32");
    assertThatThrownBy(() -> plan("--size", "big")).hasMessageContaining("--size 'big' is not WxH");
    assertThatThrownBy(() -> plan("--models", "densedepth-169,resnet"))
        .hasMessageContaining("'resnet'")
        .hasMessageContaining("densedepth-121");
    assertThatThrownBy(() -> plan("--scene", "moon")).hasMessageContaining("use indoor or street");
    assertThatThrownBy(() -> plan("--models", "baseline-bn,baseline-bn"))
        .hasMessageContaining("names a model twice");
    assertThatThrownBy(() -> plan("--models", "baseline-bn:sid"))
        .hasMessageContaining("'baseline-bn:sid'")
        .hasMessageContaining("needs a DenseDepth or DeepLab model");
    assertThatThrownBy(() -> plan("--models", "densedepth-tiny:sid1"))
        .hasMessageContaining("--bins 1");
    assertThat(plan("--models", "deeplab-tiny,densedepth-tiny:ud", "--bins", "20").contenders())
        .extracting(c -> c.head().id())
        .containsExactly("sid20", "ud20");
  }

  /** Each model's row without the ms/frame cell (time varies, the scores must not). */
  private static List<String> metricRows(String md) {
    return md.lines()
        .filter(l -> QUICK_ROWS.stream().anyMatch(n -> l.startsWith("| " + n + " |")))
        .map(l -> l.substring(0, l.lastIndexOf('|', l.length() - 2)))
        .toList();
  }

  private static ComparisonPlan plan(String... args) {
    CompareCommand command = new CompareCommand();
    new CommandLine(command).parseArgs(args);
    return command.plan();
  }
}
