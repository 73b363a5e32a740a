package io.depthstream.streams.rest;

/** No state is known for the vehicle asked about; answered with 404. */
public final class UnknownVehicleException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public UnknownVehicleException(String message) {
    super(message);
  }
}
