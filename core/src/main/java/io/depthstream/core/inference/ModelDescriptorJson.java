package io.depthstream.core.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.depthstream.core.depth.DepthBins;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads and writes {@code model.json}. Parsing walks the tree by hand rather than binding, so that
 * every complaint names the file and the dotted field ({@code output.kind}) and unknown fields (a
 * typo such as {@code minDepth}) are refused instead of silently ignored.
 */
final class ModelDescriptorJson {

  /** The {@code format} this code writes; a newer one is refused rather than misread. */
  static final int FORMAT = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private static final Set<String> TOP_FIELDS =
      Set.of(
          "format",
          "id",
          "version",
          "encoder",
          "input",
          "output",
          "training",
          "metrics",
          "held_out",
          "sha256");
  private static final Set<String> INPUT_FIELDS =
      Set.of("width", "height", "layout", "normalisation");
  private static final Set<String> NORMALISATION_FIELDS = Set.of("scale", "mean", "std");
  private static final Set<String> OUTPUT_FIELDS =
      Set.of("kind", "depth_scale", "min_depth", "max_depth", "bins", "png_scale", "calibration");
  private static final Set<String> CALIBRATION_FIELDS =
      Set.of("knots_m", "calibrated_m", "data", "command");
  private static final Set<String> BINS_FIELDS =
      Set.of("spacing", "count", "alpha", "beta", "decode", "activation");
  private static final Set<String> TRAINING_FIELDS =
      Set.of("command", "dataset", "epochs", "steps", "seconds");
  private static final Set<String> HELD_OUT_FIELDS =
      Set.of("name", "data", "command", "images", "metrics");

  private final Path file;

  private ModelDescriptorJson(Path file) {
    this.file = file;
  }

  static ModelBundle parse(byte[] json, Path file, Path directory) {
    return new ModelDescriptorJson(file).parse(json, directory);
  }

  static byte[] render(ModelBundle bundle) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    root.put("id", bundle.id());
    root.put("version", bundle.version());
    root.put("encoder", bundle.encoder());
    ObjectNode input = root.putObject("input");
    input.put("width", bundle.input().width());
    input.put("height", bundle.input().height());
    input.put("layout", bundle.input().layout().name());
    Normalisation norm = bundle.input().normalisation();
    ObjectNode normalisation = input.putObject("normalisation");
    normalisation.put("scale", norm.scale());
    ArrayNode mean = normalisation.putArray("mean");
    norm.mean().forEach(mean::add);
    ArrayNode std = normalisation.putArray("std");
    norm.std().forEach(std::add);
    ObjectNode output = root.putObject("output");
    output.put("kind", bundle.output().kind().jsonName());
    output.put("depth_scale", bundle.output().depthScale());
    output.put("min_depth", bundle.output().minDepth());
    output.put("max_depth", bundle.output().maxDepth());
    bundle.output().pngScale().ifPresent(scale -> output.put("png_scale", scale));
    bundle
        .output()
        .calibration()
        .ifPresent(
            c -> {
              ObjectNode calibration = output.putObject("calibration");
              c.knots().forEach(calibration.putArray("knots_m")::add);
              c.calibrated().forEach(calibration.putArray("calibrated_m")::add);
              c.data().forEach(calibration.putArray("data")::add);
              calibration.put("command", c.command());
            });
    BinnedOutput binned = bundle.output().bins();
    if (binned != null) {
      ObjectNode bins = output.putObject("bins");
      bins.put("spacing", BinnedOutput.spacingJsonName(binned.bins().spacing()));
      bins.put("count", binned.bins().count());
      bins.put("alpha", binned.bins().alpha());
      bins.put("beta", binned.bins().beta());
      bins.put("decode", binned.readout().jsonName());
      bins.put("activation", binned.activation().jsonName());
    }
    bundle
        .training()
        .ifPresent(
            t -> {
              ObjectNode training = root.putObject("training");
              training.put("command", t.command());
              training.put("dataset", t.dataset());
              training.put("epochs", t.epochs());
              training.put("steps", t.steps());
              training.put("seconds", t.seconds());
            });
    ObjectNode metrics = root.putObject("metrics");
    bundle.metrics().forEach(metrics::put);
    if (!bundle.heldOut().isEmpty()) {
      ArrayNode heldOut = root.putArray("held_out");
      for (HeldOutEvaluation e : bundle.heldOut()) {
        ObjectNode entry = heldOut.addObject();
        entry.put("name", e.name());
        entry.put("data", e.data());
        entry.put("command", e.command());
        entry.put("images", e.images());
        ObjectNode values = entry.putObject("metrics");
        e.metrics().forEach(values::put);
      }
    }
    root.put("sha256", bundle.sha256());
    try {
      return (MAPPER.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  private ModelBundle parse(byte[] json, Path directory) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ModelBundleException(
          file
              + " is not valid JSON"
              + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())
              + ": "
              + e.getOriginalMessage(),
          e);
    } catch (IOException e) {
      throw new ModelBundleException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new ModelBundleException(file + " must hold a JSON object (see models/README.md)");
    }
    refuseUnknown(root, "", TOP_FIELDS);
    if (root.has("format")) {
      int format = integer(root, "", "format");
      if (format > FORMAT) {
        throw new ModelBundleException(
            file
                + ": format "
                + format
                + " is newer than this engine reads ("
                + FORMAT
                + "); upgrade depthstream to load this bundle");
      }
    }
    try {
      return new ModelBundle(
          directory,
          text(root, "", "id"),
          text(root, "", "version"),
          text(root, "", "encoder"),
          input(object(root, "", "input")),
          output(object(root, "", "output")),
          training(root),
          metrics(root.get("metrics"), "metrics"),
          text(root, "", "sha256"),
          heldOut(root));
    } catch (IllegalArgumentException e) {
      throw new ModelBundleException(file + ": " + e.getMessage(), e);
    }
  }

  private ModelInput input(JsonNode node) {
    refuseUnknown(node, "input.", INPUT_FIELDS);
    String layout = text(node, "input.", "layout");
    TensorLayout parsedLayout;
    try {
      parsedLayout = TensorLayout.valueOf(layout.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw fieldError("input.layout", "is '" + layout + "', expected NCHW or NHWC");
    }
    return wrap(
        "input",
        () ->
            new ModelInput(
                integer(node, "input.", "width"),
                integer(node, "input.", "height"),
                parsedLayout,
                normalisation(node)));
  }

  private Normalisation normalisation(JsonNode input) {
    JsonNode node = required(input, "input.", "normalisation");
    if (node.isTextual()) {
      return wrap("input.normalisation", () -> Normalisation.preset(node.asText()));
    }
    if (!node.isObject()) {
      throw fieldError(
          "input.normalisation",
          "must be \"densedepth\", \"imagenet\" or an object {scale, mean, std}");
    }
    refuseUnknown(node, "input.normalisation.", NORMALISATION_FIELDS);
    double scale = number(node, "input.normalisation.", "scale");
    List<Double> mean = numbers(node, "input.normalisation.", "mean", "3 numbers (R, G, B)");
    List<Double> std = numbers(node, "input.normalisation.", "std", "3 numbers (R, G, B)");
    return wrap("input.normalisation", () -> new Normalisation(scale, mean, std));
  }

  private ModelOutput output(JsonNode node) {
    refuseUnknown(node, "output.", OUTPUT_FIELDS);
    String kindName = text(node, "output.", "kind");
    OutputKind kind = wrap("output.kind", () -> OutputKind.fromJson(kindName));
    double depthScale;
    if (node.has("depth_scale")) {
      depthScale = number(node, "output.", "depth_scale");
    } else if (kind == OutputKind.DEPTH_INVERSE_NORM) {
      throw fieldError(
          "output.depth_scale",
          "is missing; depth_inverse_norm needs it (depth_m = depth_scale / y; 10.0 for DenseDepth"
              + " trained on NYU with maxDepth 1000 cm-scale units)");
    } else {
      depthScale = 1.0;
    }
    BinnedOutput bins = null;
    if (kind == OutputKind.DEPTH_BINS) {
      bins = bins(node);
    } else if (node.has("bins")) {
      throw fieldError(
          "output.bins",
          "applies to kind depth_bins only, not "
              + kind.jsonName()
              + "; remove it or set output.kind to depth_bins");
    }
    BinnedOutput binned = bins;
    // Optional: bundles written before it existed get a scale chosen from max_depth.
    OptionalDouble pngScale =
        node.has("png_scale")
            ? OptionalDouble.of(number(node, "output.", "png_scale"))
            : OptionalDouble.empty();
    // Optional: a bundle nobody calibrated publishes depth as decoded.
    Optional<DepthCalibration> calibration =
        node.has("calibration") ? Optional.of(calibration(node)) : Optional.empty();
    return wrap(
        "output",
        () ->
            new ModelOutput(
                kind,
                depthScale,
                number(node, "output.", "min_depth"),
                number(node, "output.", "max_depth"),
                binned,
                pngScale,
                calibration));
  }

  private DepthCalibration calibration(JsonNode output) {
    JsonNode node = object(output, "output.", "calibration");
    String prefix = "output.calibration.";
    refuseUnknown(node, prefix, CALIBRATION_FIELDS);
    List<Double> knots = numbers(node, prefix, "knots_m", "increasing depths in metres");
    List<Double> calibrated =
        numbers(node, prefix, "calibrated_m", "increasing depths in metres, one per knot");
    JsonNode dataNode = required(node, prefix, "data");
    if (!dataNode.isArray()) {
      throw fieldError(prefix + "data", "must be an array of the commands that made the frames");
    }
    List<String> data = new ArrayList<>();
    for (JsonNode element : dataNode) {
      if (!element.isTextual()) {
        throw fieldError(prefix + "data", "must hold strings only, got " + element);
      }
      data.add(element.asText());
    }
    String command = text(node, prefix, "command");
    return wrap("output.calibration", () -> new DepthCalibration(knots, calibrated, data, command));
  }

  private BinnedOutput bins(JsonNode output) {
    if (!output.has("bins") || output.get("bins").isNull()) {
      throw fieldError(
          "output.bins",
          "is missing; depth_bins needs {spacing, count, alpha, beta, decode, activation}"
              + " (see models/README.md)");
    }
    JsonNode node = object(output, "output.", "bins");
    refuseUnknown(node, "output.bins.", BINS_FIELDS);
    String prefix = "output.bins.";
    String spacingName = text(node, prefix, "spacing");
    DepthBins.Spacing spacing =
        wrap(prefix + "spacing", () -> BinnedOutput.spacingFromJson(spacingName));
    int count = integer(node, prefix, "count");
    double alpha = number(node, prefix, "alpha");
    double beta = number(node, prefix, "beta");
    String decodeName = text(node, prefix, "decode");
    BinnedOutput.Readout readout =
        wrap(prefix + "decode", () -> BinnedOutput.Readout.fromJson(decodeName));
    String activationName = text(node, prefix, "activation");
    BinnedOutput.Activation activation =
        wrap(prefix + "activation", () -> BinnedOutput.Activation.fromJson(activationName));
    DepthBins bins = wrap("output.bins", () -> DepthBins.of(spacing, count, alpha, beta));
    return new BinnedOutput(bins, readout, activation);
  }

  private Optional<TrainingRecord> training(JsonNode root) {
    JsonNode node = root.get("training");
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isObject()) {
      throw fieldError("training", "must be an object {command, dataset, epochs, steps, seconds}");
    }
    refuseUnknown(node, "training.", TRAINING_FIELDS);
    String command = text(node, "training.", "command");
    String dataset = text(node, "training.", "dataset");
    int epochs = node.has("epochs") ? integer(node, "training.", "epochs") : 0;
    long steps = node.has("steps") ? wholeNumber(node, "training.", "steps") : 0;
    double seconds = node.has("seconds") ? number(node, "training.", "seconds") : 0;
    return Optional.of(
        wrap("training", () -> new TrainingRecord(command, dataset, epochs, steps, seconds)));
  }

  private List<HeldOutEvaluation> heldOut(JsonNode root) {
    JsonNode node = root.get("held_out");
    List<HeldOutEvaluation> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw fieldError("held_out", "must be an array of {name, data, command, images, metrics}");
    }
    for (int i = 0; i < node.size(); i++) {
      JsonNode entry = node.get(i);
      String prefix = "held_out[" + i + "].";
      if (!entry.isObject()) {
        throw fieldError("held_out[" + i + "]", "must be an object");
      }
      refuseUnknown(entry, prefix, HELD_OUT_FIELDS);
      String name = text(entry, prefix, "name");
      String data = text(entry, prefix, "data");
      String command = text(entry, prefix, "command");
      int images = integer(entry, prefix, "images");
      Map<String, Double> metrics = metrics(entry.get("metrics"), prefix + "metrics");
      out.add(
          wrap(
              "held_out[" + i + "]",
              () -> new HeldOutEvaluation(name, data, command, images, metrics)));
    }
    return out;
  }

  private Map<String, Double> metrics(JsonNode node, String where) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    if (node == null || node.isNull()) {
      return metrics;
    }
    if (!node.isObject()) {
      throw fieldError(where, "must be an object of name: number");
    }
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!field.getValue().isNumber()) {
        throw fieldError(where + "." + field.getKey(), "must be a number");
      }
      metrics.put(field.getKey(), field.getValue().asDouble());
    }
    return metrics;
  }

  private JsonNode required(JsonNode node, String prefix, String name) {
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw fieldError(prefix + name, "is missing (see models/README.md for the format)");
    }
    return value;
  }

  private JsonNode object(JsonNode node, String prefix, String name) {
    JsonNode value = required(node, prefix, name);
    if (!value.isObject()) {
      throw fieldError(prefix + name, "must be an object");
    }
    return value;
  }

  private String text(JsonNode node, String prefix, String name) {
    JsonNode value = required(node, prefix, name);
    if (!value.isTextual()) {
      throw fieldError(prefix + name, "must be a string, got " + value);
    }
    return value.asText();
  }

  private double number(JsonNode node, String prefix, String name) {
    JsonNode value = required(node, prefix, name);
    if (!value.isNumber()) {
      throw fieldError(prefix + name, "must be a number, got " + value);
    }
    return value.asDouble();
  }

  private long wholeNumber(JsonNode node, String prefix, String name) {
    JsonNode value = required(node, prefix, name);
    if (!value.isIntegralNumber()) {
      throw fieldError(prefix + name, "must be a whole number, got " + value);
    }
    return value.asLong();
  }

  private int integer(JsonNode node, String prefix, String name) {
    JsonNode value = required(node, prefix, name);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw fieldError(prefix + name, "must be a whole number, got " + value);
    }
    return value.asInt();
  }

  private List<Double> numbers(JsonNode node, String prefix, String name, String what) {
    JsonNode value = required(node, prefix, name);
    if (!value.isArray()) {
      throw fieldError(prefix + name, "must be an array of " + what);
    }
    List<Double> values = new ArrayList<>();
    for (JsonNode element : value) {
      if (!element.isNumber()) {
        throw fieldError(prefix + name, "must hold numbers only, got " + element);
      }
      values.add(element.asDouble());
    }
    return values;
  }

  private void refuseUnknown(JsonNode node, String prefix, Set<String> known) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!known.contains(name)) {
        throw fieldError(
            prefix + name,
            "is not a model.json field; known here: " + String.join(", ", new TreeSet<>(known)));
      }
    }
  }

  private ModelBundleException fieldError(String field, String problem) {
    return new ModelBundleException(file + ": field '" + field + "' " + problem);
  }

  private <T> T wrap(String field, Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw fieldError(field, "is invalid: " + e.getMessage());
    }
  }
}
