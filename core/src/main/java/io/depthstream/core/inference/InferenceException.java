package io.depthstream.core.inference;

/**
 * ONNX Runtime could not open a session or run a batch: the requested device is unavailable, or the
 * runtime rejected the model or its input. The message names the model and, where there is one, the
 * fix.
 */
public class InferenceException extends RuntimeException {

  public InferenceException(String message) {
    super(message);
  }

  public InferenceException(String message, Throwable cause) {
    super(message, cause);
  }
}
