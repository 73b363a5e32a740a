package io.depthstream.streams.rest;

import java.util.List;

/**
 * One vehicle in {@code GET /api/vehicles}: its cameras with a depth map, when the newest was
 * captured, and whether a metrics window is known for it.
 */
public record VehicleSummary(
    String vehicleId, List<String> cameras, Long lastCaptureTime, boolean hasMetrics) {}
