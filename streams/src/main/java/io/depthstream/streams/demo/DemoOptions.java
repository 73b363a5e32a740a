package io.depthstream.streams.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The options of {@code ./depthstream demo}, checked and turned into the configuration keys the
 * service reads. Uses only the JDK, so the launcher can run this file as a script before anything
 * is built: a typo fails in a second, not after a build. Prints one {@code -Dkey=value} per line;
 * exit status 2 with a message naming the option and the fix for bad input; after {@code --help}
 * the usage and exit status 3, which the launcher turns into 0.
 */
public final class DemoOptions {

  static final String USAGE =
      """
      Usage: ./depthstream demo [options]

      Runs everything on this machine: a Kafka broker, the depth service with a model bundle and a
      simulated fleet (even vehicles drive down a street, odd ones are indoor robots), each
      publishing calibration, camera frames and LiDAR sweeps in real time. Prints a live table of
      per-vehicle accuracy and throughput, and serves a live web page: camera frame, colour depth
      and charts of delta1 / abs_rel / rmse per vehicle. Ctrl-C stops it (fleet, service, broker).

      Options
        --duration TIME   how long the fleet publishes, e.g. 90s, 10m, 1h; 0 = until Ctrl-C  (default 10m)
        --vehicles N      vehicles in the fleet, 1-16                                      (default 2)
        --fps F           frames per second per vehicle, above 0 and at most 30            (default 2)
        --size WxH        camera picture size, sides 32-1280                               (default 320x240)
        --model DIR       model bundle directory (model.onnx + model.json)  (default: depthstream.model.bundle)
        --challenger DIR  a challenger bundle run in shadow and compared with the model; repeatable
        --port P          HTTP port of the web page and the API                            (default 8080)
        --seed N          world seed of vehicle v0                                         (default 1)
        --command-config FILE
                          Kafka client properties (security.protocol, ssl.*, sasl.*) of the cluster
                          KAFKA_BOOTSTRAP_SERVERS names   (default: $DEPTHSTREAM_KAFKA_CONFIG, else PLAINTEXT)
        -h, --help        this text

      Uses its own broker data under .depthstream/demo (emptied at start and at exit) and the broker
      port 9092; set DEPTHSTREAM_JAVA_OPTS="-Ddepthstream.embedded-kafka.port=9192
      -Dquarkus.kafka-streams.bootstrap-servers=localhost:9192" if that port is taken. With
      KAFKA_BOOTSTRAP_SERVERS=host:port set, it starts no broker and uses that cluster instead.
      """;

  private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h)?");
  private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");

  private DemoOptions() {}

  /** Thrown for a bad option; the message names the option and what to give instead. */
  public static final class BadOption extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadOption(String message) {
      super(message);
    }
  }

  /**
   * The configuration keys for {@code args}, in a stable order.
   *
   * @throws BadOption naming the option and the fix
   */
  public static Map<String, String> parse(List<String> args) {
    return parse(args, System.getenv());
  }

  /** The same, with {@code env} as the environment. */
  static Map<String, String> parse(List<String> args, Map<String, String> env) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("quarkus.profile", "demo");
    keys.put("depthstream.demo.duration", "10m");
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      } else if (i + 1 < args.size()) {
        value = args.get(++i);
      } else {
        value = null;
      }
      switch (name) {
        case "--duration" -> keys.put("depthstream.demo.duration", duration(need(name, value)));
        case "--vehicles" ->
            keys.put("depthstream.demo.vehicles", "" + integer(name, need(name, value), 1, 16));
        case "--fps" -> keys.put("depthstream.demo.fps", fps(need(name, value)));
        case "--size" -> keys.put("depthstream.demo.size", size(need(name, value)));
        case "--model" -> keys.put("depthstream.model.bundle", model(name, need(name, value)));
        case "--challenger" ->
            keys.merge(
                "depthstream.models.challengers",
                model(name, need(name, value)),
                (earlier, next) -> earlier + "," + next);
        case "--port" ->
            keys.put("quarkus.http.port", "" + integer(name, need(name, value), 1, 65535));
        case "--seed" ->
            keys.put(
                "depthstream.demo.seed",
                "" + integer(name, need(name, value), 0, Integer.MAX_VALUE));
        case "--command-config" ->
            keys.put("depthstream.kafka.config", commandConfig(need(name, value), env));
        default ->
            throw new BadOption(
                "unknown option '" + arg + "'; ./depthstream demo --help lists the options");
      }
    }
    if ("0".equals(keys.get("depthstream.demo.duration"))) {
      keys.remove("depthstream.demo.duration");
    }
    return keys;
  }

  private static String need(String name, String value) {
    if (value == null || value.isBlank()) {
      throw new BadOption(name + " needs a value; ./depthstream demo --help shows an example");
    }
    return value.trim();
  }

  private static String duration(String value) {
    Matcher m = DURATION.matcher(value.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new BadOption(
          "--duration must be a whole number with s, m or h, e.g. 90s, 10m or 1h (0 = until Ctrl-C);"
              + " got '"
              + value
              + "'");
    }
    long amount = Long.parseLong(m.group(1));
    if (amount == 0) {
      return "0";
    }
    return amount + (m.group(2) == null ? "s" : m.group(2));
  }

  private static int integer(String name, String value, int min, int max) {
    try {
      int parsed = Integer.parseInt(value);
      if (parsed >= min && parsed <= max) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw new BadOption(
        name + " must be a whole number from " + min + " to " + max + ", got '" + value + "'");
  }

  private static String fps(String value) {
    double fps;
    try {
      fps = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      fps = Double.NaN;
    }
    if (!(fps > 0 && fps <= 30)) {
      throw new BadOption(
          "--fps must be above 0 and at most 30 frames per second per vehicle, e.g. --fps 2; got '"
              + value
              + "'");
    }
    return value;
  }

  private static String size(String value) {
    Matcher m = SIZE.matcher(value.toLowerCase(Locale.ROOT));
    if (m.matches()) {
      int w = Integer.parseInt(m.group(1));
      int h = Integer.parseInt(m.group(2));
      if (w >= 32 && h >= 32 && w <= 1280 && h <= 1280) {
        return w + "x" + h;
      }
    }
    throw new BadOption(
        "--size must be WxH with sides from 32 to 1280, e.g. 320x240; got '" + value + "'");
  }

  private static String model(String option, String value) {
    Path dir = Path.of(value);
    for (String file : List.of("model.onnx", "model.json")) {
      if (!Files.isRegularFile(dir.resolve(file))) {
        throw new BadOption(
            option
                + " "
                + value
                + ": no "
                + file
                + " there; name a bundle directory such as models/densedepth-mini-synth (ls"
                + " models/)");
      }
    }
    return dir.toAbsolutePath().normalize().toString();
  }

  // Only java.* here (the launcher runs this file before any build): the service reads the file.
  private static String commandConfig(String value, Map<String, String> env) {
    String cluster = env.get("KAFKA_BOOTSTRAP_SERVERS");
    if (cluster == null || cluster.isBlank()) {
      throw new BadOption(
          "--command-config is for a cluster of your own, and the demo's broker speaks PLAINTEXT:"
              + " set KAFKA_BOOTSTRAP_SERVERS=host:port of that cluster too");
    }
    Path file = Path.of(value);
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new BadOption(
          "--command-config "
              + value
              + ": no readable file there; name a Kafka client properties file (README, \"Connect"
              + " to a secured cluster\")");
    }
    return file.toAbsolutePath().normalize().toString();
  }

  /** The launcher's entry: prints {@code -Dkey=value} lines, or the usage, or the error. */
  public static void main(String[] args) {
    List<String> list = List.of(args);
    if (list.contains("-h") || list.contains("--help")) {
      System.out.print(USAGE);
      System.exit(3);
    }
    try {
      List<String> lines = new ArrayList<>();
      parse(list).forEach((k, v) -> lines.add("-D" + k + "=" + v));
      lines.forEach(System.out::println);
    } catch (BadOption e) {
      System.err.println("depthstream demo: " + e.getMessage());
      System.exit(2);
    }
  }
}
