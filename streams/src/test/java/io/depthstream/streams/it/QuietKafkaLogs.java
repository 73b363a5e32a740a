package io.depthstream.streams.it;

import java.util.List;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;

/**
 * Keeps the broker's and clients' INFO chatter (thousands of lines per start) out of plain test
 * output; Quarkus tests get the same from application.properties.
 */
public final class QuietKafkaLogs {

  private static final List<String> CATEGORIES =
      List.of("kafka", "org.apache.kafka", "state.change.logger");

  private QuietKafkaLogs() {}

  public static void apply() {
    for (String category : CATEGORIES) {
      LogContext.getLogContext().getLogger(category).setLevel(Level.WARNING);
    }
  }
}
