package io.depthstream.core.inference;

/**
 * A model bundle cannot be used: {@code model.json} is missing, malformed or incomplete, {@code
 * model.onnx} does not match its recorded sha256, or the model disagrees with its description. The
 * message names the file, the field and the fix.
 */
public class ModelBundleException extends RuntimeException {

  public ModelBundleException(String message) {
    super(message);
  }

  public ModelBundleException(String message, Throwable cause) {
    super(message, cause);
  }
}
