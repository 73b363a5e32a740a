package io.depthstream.cli.publish;

/**
 * The cluster answered but refused the client: wrong or missing SASL credentials, or a TLS
 * handshake that failed. The message names the cause and the file to fix, never a secret.
 */
public final class KafkaRefusedException extends RuntimeException {

  public KafkaRefusedException(String message) {
    super(message);
  }
}
