package io.depthstream.core.inference;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A deployable depth model: a directory holding {@code model.onnx} and {@code model.json}, the
 * description the engine needs to feed and read the model (input size, layout, normalisation,
 * output kind, depth range) plus its provenance (training run, measured metrics) and the sha256 of
 * {@code model.onnx}. {@link #load} reads and verifies a bundle; {@link #write} makes a directory
 * into one, which is how the trainer's export publishes models. The format is documented in {@code
 * models/README.md}.
 *
 * @param directory where the bundle lives
 * @param id stable name, also the directory name under {@code models/}, e.g. {@code
 *     densedepth-169-nyu}
 * @param version the model's version, e.g. {@code 1.0.0} or a date
 * @param encoder the encoder architecture, e.g. {@code densenet169}
 * @param input what the model expects
 * @param output what the model produces
 * @param training how it was trained, when known
 * @param metrics measured metrics by name (e.g. {@code delta1}, {@code abs_rel}), sorted by name;
 *     the trainer writes its last validation metrics here
 * @param sha256 lower-case hex SHA-256 of {@code model.onnx}
 * @param heldOut metrics on held-out data with the commands that reproduce them, by set
 */
public record ModelBundle(
    Path directory,
    String id,
    String version,
    String encoder,
    ModelInput input,
    ModelOutput output,
    Optional<TrainingRecord> training,
    Map<String, Double> metrics,
    String sha256,
    List<HeldOutEvaluation> heldOut) {

  /** The ONNX file's name inside a bundle. */
  public static final String MODEL_FILE = "model.onnx";

  /** The description's name inside a bundle. */
  public static final String DESCRIPTOR_FILE = "model.json";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ModelBundle {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(training, "training");
    Objects.requireNonNull(metrics, "metrics");
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "model id '" + id + "' must be letters, digits, '.', '_' or '-' (it names a directory)");
    }
    requireText(version, "version");
    requireText(encoder, "encoder");
    if (sha256 == null || !SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "sha256 must be 64 lower-case hex digits, got '" + sha256 + "'");
    }
    metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    heldOut = List.copyOf(heldOut);
    if (heldOut.stream().map(HeldOutEvaluation::name).distinct().count() != heldOut.size()) {
      throw new IllegalArgumentException("held-out evaluations must have distinct names");
    }
  }

  /** A bundle with no held-out evaluations yet (what an export writes). */
  public ModelBundle(
      Path directory,
      String id,
      String version,
      String encoder,
      ModelInput input,
      ModelOutput output,
      Optional<TrainingRecord> training,
      Map<String, Double> metrics,
      String sha256) {
    this(directory, id, version, encoder, input, output, training, metrics, sha256, List.of());
  }

  /**
   * Reads the bundle in {@code path} (its directory, or its {@code model.json}) and checks that
   * {@code model.onnx} matches the recorded sha256.
   *
   * @throws ModelBundleException naming the file, the field and the fix when anything is off
   */
  public static ModelBundle load(Path path) {
    Path directory;
    if (Files.isDirectory(path)) {
      directory = path;
    } else if (Files.isRegularFile(path) && path.endsWith(DESCRIPTOR_FILE)) {
      directory = path.toAbsolutePath().getParent();
    } else if (Files.exists(path)) {
      throw new ModelBundleException(
          path + " is not a model bundle: pass the bundle's directory or its " + DESCRIPTOR_FILE);
    } else {
      throw new ModelBundleException(
          "no model bundle at "
              + path
              + ": expected a directory with model.onnx and model.json (see models/README.md)");
    }
    Path descriptor = directory.resolve(DESCRIPTOR_FILE);
    byte[] json;
    try {
      json = Files.readAllBytes(descriptor);
    } catch (NoSuchFileException e) {
      throw new ModelBundleException(
          descriptor
              + " not found: a model bundle is a directory with model.onnx and model.json"
              + " (see models/README.md)");
    } catch (IOException e) {
      throw new ModelBundleException("cannot read " + descriptor + ": " + e.getMessage(), e);
    }
    ModelBundle bundle = ModelDescriptorJson.parse(json, descriptor, directory);
    bundle.verify();
    return bundle;
  }

  /**
   * Checks that {@code model.onnx} exists and hashes to {@link #sha256}.
   *
   * @throws ModelBundleException naming the file and both hashes on a mismatch
   */
  public void verify() {
    Path model = modelFile();
    if (!Files.isRegularFile(model)) {
      throw new ModelBundleException(
          model
              + " not found: the bundle '"
              + id
              + "' needs its ONNX file beside "
              + DESCRIPTOR_FILE);
    }
    String actual = sha256Of(model);
    if (!actual.equals(sha256)) {
      throw new ModelBundleException(
          model
              + " has sha256 "
              + actual
              + " but "
              + descriptorFile()
              + " records "
              + sha256
              + ": the file was changed or truncated. Re-export or re-download the bundle; if this"
              + " model.onnx is the one you mean to run, set \"sha256\": \""
              + actual
              + "\" in model.json");
    }
  }

  /**
   * Makes {@code target} a complete bundle: copies {@code model.onnx} there when it is not there
   * yet, checks its sha256 and writes {@code model.json}.
   *
   * @return this bundle, located at {@code target}
   * @throws ModelBundleException when {@code model.onnx} is missing or does not match {@link
   *     #sha256}
   */
  public ModelBundle write(Path target) {
    ModelBundle moved = withDirectory(target);
    try {
      Files.createDirectories(target);
      Path source = modelFile();
      Path destination = moved.modelFile();
      if (!Files.exists(destination) && Files.isRegularFile(source)) {
        Files.copy(source, destination);
      }
      moved.verify();
      Path temporary = target.resolve(DESCRIPTOR_FILE + ".tmp");
      Files.write(temporary, ModelDescriptorJson.render(moved));
      // A reader never sees a half-written description.
      Files.move(
          temporary,
          moved.descriptorFile(),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new ModelBundleException("cannot write bundle to " + target + ": " + e.getMessage(), e);
    }
    return moved;
  }

  /** The bundle's ONNX file. */
  public Path modelFile() {
    return directory.resolve(MODEL_FILE);
  }

  /** The bundle's {@code model.json}. */
  public Path descriptorFile() {
    return directory.resolve(DESCRIPTOR_FILE);
  }

  /** {@code id@version}, how logs and records name a model. */
  public String label() {
    return id + "@" + version;
  }

  /** A copy located in another directory. */
  public ModelBundle withDirectory(Path newDirectory) {
    return new ModelBundle(
        newDirectory, id, version, encoder, input, output, training, metrics, sha256, heldOut);
  }

  /** A copy with these measured metrics (replacing the old ones). */
  public ModelBundle withMetrics(Map<String, Double> newMetrics) {
    return new ModelBundle(
        directory, id, version, encoder, input, output, training, newMetrics, sha256, heldOut);
  }

  /** A copy that calls itself {@code newVersion}. */
  public ModelBundle withVersion(String newVersion) {
    return new ModelBundle(
        directory, id, newVersion, encoder, input, output, training, metrics, sha256, heldOut);
  }

  /** A copy whose output is {@code newOutput} (a calibration added or removed). */
  public ModelBundle withOutput(ModelOutput newOutput) {
    return new ModelBundle(
        directory, id, version, encoder, input, newOutput, training, metrics, sha256, heldOut);
  }

  /** The same bundle with {@code evaluation} added, replacing any earlier one of its name. */
  public ModelBundle withHeldOut(HeldOutEvaluation evaluation) {
    List<HeldOutEvaluation> updated = new ArrayList<>();
    for (HeldOutEvaluation e : heldOut) {
      if (!e.name().equals(evaluation.name())) {
        updated.add(e);
      }
    }
    updated.add(evaluation);
    return new ModelBundle(
        directory, id, version, encoder, input, output, training, metrics, sha256, updated);
  }

  /** Lower-case hex SHA-256 of a file. */
  public static String sha256Of(Path file) {
    MessageDigest digest = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      byte[] buffer = new byte[1 << 16];
      while (in.read(buffer) >= 0) {
        // Reading is enough: the stream feeds the digest.
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchFileException e) {
      throw new ModelBundleException(file + " not found, cannot compute its sha256");
    } catch (IOException e) {
      throw new ModelBundleException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime provides SHA-256", e);
    }
  }

  private static void requireText(String value, String field) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("model " + field + " must not be empty");
    }
  }
}
