package io.depthstream.schemas.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The released older versions of each record schema, kept as resources so that consumers still read
 * records written by producers that have not upgraded yet.
 *
 * <p>Version {@code N} of record {@code Name} lives at {@code
 * /io/depthstream/schemas/history/Name.vN.avsc}, numbered from 1 without gaps; the current version
 * is the {@code .avsc} in {@code src/main/avro} and is not repeated here. To evolve a schema: copy
 * the current {@code .avsc} to the next free {@code vN} file, then change the current one (new
 * fields need a default).
 */
public final class SchemaHistory {

  /** Classpath folder holding the older versions. */
  public static final String RESOURCE_FOLDER = "/io/depthstream/schemas/history/";

  private SchemaHistory() {}

  /**
   * The older versions of the record whose current schema is {@code current}, oldest first; empty
   * when the record has never changed.
   *
   * @throws IllegalStateException if a history file does not parse or describes another record
   */
  public static List<Schema> olderVersions(Schema current) {
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String resource = resourceName(current.getName(), version);
      try (InputStream in = SchemaHistory.class.getResourceAsStream(resource)) {
        if (in == null) {
          return List.copyOf(versions);
        }
        versions.add(parse(resource, in, current));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read schema history file " + resource, e);
      }
    }
  }

  /** Where version {@code version} of record {@code simpleName} is kept on the classpath. */
  public static String resourceName(String simpleName, int version) {
    return RESOURCE_FOLDER + simpleName + ".v" + version + ".avsc";
  }

  private static Schema parse(String resource, InputStream in, Schema current) throws IOException {
    Schema schema;
    try {
      // A fresh parser per file: one parser refuses to define the same record name twice.
      schema = new Schema.Parser().parse(in);
    } catch (SchemaParseException e) {
      throw new IllegalStateException(
          "schema history file " + resource + " is not a valid Avro schema: " + e.getMessage(), e);
    }
    if (!schema.getFullName().equals(current.getFullName())) {
      throw new IllegalStateException(
          "schema history file "
              + resource
              + " describes "
              + schema.getFullName()
              + ", expected an older version of "
              + current.getFullName()
              + "; move it to the file named after its record");
    }
    return schema;
  }
}
