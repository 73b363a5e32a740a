package io.depthstream.streams.bench;

import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Logging for the pipeline benchmark run as a program: warnings and errors only, on stderr, so the
 * broker's and clients' INFO chatter (thousands of lines per start) stays out of the report and
 * stdout holds nothing but the report, the JSON line last.
 */
final class BenchLogging {

  private static final List<String> ROUTINE_WARNINGS =
      List.of(
          "org.apache.kafka.controller.QuorumController",
          "org.apache.kafka.streams.processor.internals.StateDirectory");

  private BenchLogging() {}

  static void warningsToStderr() {
    Logger root = LogContext.getLogContext().getLogger("");
    for (Handler handler : root.getHandlers()) {
      root.removeHandler(handler);
    }
    root.addHandler(
        new ConsoleHandler(
            ConsoleHandler.Target.SYSTEM_ERR,
            new PatternFormatter("%d{HH:mm:ss} %-5p [%c{1.}] %s%e%n")));
    root.setLevel(Level.WARNING);
    // Routine on a fresh broker and a temporary state directory, and said at WARN level.
    for (String routine : ROUTINE_WARNINGS) {
      LogContext.getLogContext().getLogger(routine).setLevel(Level.SEVERE);
    }
  }
}
