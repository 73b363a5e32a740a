package io.depthstream.streams.demo;

import io.depthstream.streams.models.ModelCatalog;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** {@code GET /api/demo}: what the demo runs (model, vehicles and their scenes, rate, size). */
@Path("/api/demo")
public class DemoResource {

  private final DemoConfig demo;
  private final DemoFleet fleet;
  private final ModelCatalog models;

  @Inject
  public DemoResource(DemoConfig demo, DemoFleet fleet, ModelCatalog models) {
    this.demo = demo;
    this.fleet = fleet;
    this.models = models;
  }

  /** The demo as the page titles it. */
  public record DemoView(
      String model,
      String provider,
      double modelMaxDepth,
      List<DemoFleet.DemoVehicle> vehicles,
      double fps,
      String size,
      long startedAt,
      Long durationSeconds,
      long framesSent) {}

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response demo() {
    if (!demo.enabled()) {
      return Response.status(Response.Status.NOT_FOUND)
          .entity(Map.of("reason", "no demo runs here; start one with ./depthstream demo"))
          .build();
    }
    return Response.ok(
            new DemoView(
                models.champion().bundle().label(),
                models.champion().provider(),
                models.champion().bundle().output().maxDepth(),
                fleet.vehicles(),
                demo.fps(),
                demo.size(),
                fleet.startedMillis(),
                demo.duration().map(d -> d.toSeconds()).orElse(null),
                fleet.framesSent()))
        .build();
  }
}
