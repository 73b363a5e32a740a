package io.depthstream.cli.tail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.depthstream.schemas.CameraKey;
import io.depthstream.schemas.FrameMetrics;
import io.depthstream.schemas.MetricsWindow;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Prints metrics records for people (aligned table rows with a header every screenful) or for
 * programs (one JSON object per line, every Avro field by name, times as epoch milliseconds, plus
 * the topic).
 */
public final class MetricsLines {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  static final String FRAME_HEADER =
      String.format(
          Locale.ROOT,
          "%-12s %-16s %8s %-20s %7s %7s %7s %7s %7s %6s %9s",
          "time(UTC)",
          "vehicle/camera",
          "seq",
          "model",
          "d1",
          "d2",
          "absRel",
          "rmse",
          "silog",
          "gt_ms",
          "pixels");
  static final String WINDOW_HEADER =
      String.format(
          Locale.ROOT,
          "%-8s %-16s %-20s %-19s %6s %7s %7s %7s %7s %7s %7s",
          "scope",
          "key",
          "model",
          "window(UTC)",
          "frames",
          "d1",
          "d2",
          "d3",
          "absRel",
          "rmse",
          "log10");

  private MetricsLines() {}

  /** One table row of a frame's metrics. */
  public static String row(FrameMetrics m) {
    return String.format(
        Locale.ROOT,
        "%-12s %-16s %8d %-20s %7.4f %7.4f %7.4f %7.3f %7.3f %6d %9d",
        TIME.format(m.getCaptureTime()),
        clip(CameraKey.of(m.getVehicleId(), m.getCameraId()), 16),
        m.getSequence(),
        clip(m.getModelId() + "@" + m.getModelVersion(), 20),
        m.getDelta1(),
        m.getDelta2(),
        m.getAbsRel(),
        m.getRmse(),
        m.getSilog(),
        m.getGroundTruthOffsetMs(),
        m.getValidPixels());
  }

  /** One table row of a window's means. */
  public static String row(MetricsWindow w) {
    String window =
        MINUTE.format(Instant.ofEpochMilli(w.getWindowStart()))
            + "-"
            + MINUTE.format(Instant.ofEpochMilli(w.getWindowEnd()));
    return String.format(
        Locale.ROOT,
        "%-8s %-16s %-20s %-19s %6d %7.4f %7.4f %7.4f %7.4f %7.3f %7.4f",
        w.getScope(),
        clip(w.getScopeKey(), 16),
        clip(w.getModelId(), 20),
        window,
        w.getFrames(),
        w.getDelta1(),
        w.getDelta2(),
        w.getDelta3(),
        w.getAbsRel(),
        w.getRmse(),
        w.getLog10());
  }

  /** {@code record} as one line of JSON, every field by its Avro name, plus {@code topic}. */
  public static String json(String topic, SpecificRecord record) {
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("topic", topic);
    for (Schema.Field field : record.getSchema().getFields()) {
      Object value = record.get(field.pos());
      if (value instanceof Instant instant) {
        value = instant.toEpochMilli();
      } else if (value instanceof Enum<?> symbol) {
        value = symbol.name();
      } else if (value instanceof ByteBuffer buffer) {
        value = buffer.remaining() + " bytes";
      } else if (value instanceof CharSequence text) {
        value = text.toString();
      }
      fields.put(field.name(), value);
    }
    try {
      return JSON.writeValueAsString(fields);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a metrics record of plain fields always renders as JSON", e);
    }
  }

  private static String clip(String text, int width) {
    return text.length() <= width ? text : text.substring(0, width - 1) + "~";
  }
}
