package io.depthstream.cli.evaluate;

/** Input that cannot be scored (missing partner, wrong size, not a depth PNG); names the file. */
final class EvaluationInputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  EvaluationInputException(String message) {
    super(message);
  }

  EvaluationInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
