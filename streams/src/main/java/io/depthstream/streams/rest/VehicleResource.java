package io.depthstream.streams.rest;

import io.depthstream.core.color.Colormap;
import io.depthstream.schemas.CameraKey;
import io.depthstream.schemas.DepthMap;
import io.depthstream.streams.config.DepthstreamConfig;
import io.depthstream.streams.groundtruth.TruthDepth;
import io.depthstream.streams.live.LiveFleetView;
import io.depthstream.streams.topology.StoreNames;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreType;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyWindowStore;

/**
 * Interactive queries over this instance's state stores: the vehicles seen, each one's latest
 * metrics window and latest depth map as a colour picture. 503 with a reason while the stores are
 * not queryable, 404 for unknown vehicles. With several instances each answers for its own
 * partitions. With the live view on ({@code depthstream.live-view.enabled}, as in the demo) also
 * the camera frame a depth map was made from and the vehicle's recent accuracy, for the web page.
 */
@Path("/api/vehicles")
public class VehicleResource {

  private final KafkaStreams streams;
  private final DepthstreamConfig config;
  private final VehicleQueries queries;
  private final LiveFleetView live;

  @Inject
  public VehicleResource(KafkaStreams streams, DepthstreamConfig config, LiveFleetView live) {
    this.streams = streams;
    this.config = config;
    this.live = live;
    this.queries =
        new VehicleQueries(
            () -> store(StoreNames.LATEST_DEPTH), () -> store(StoreNames.LATEST_WINDOWS));
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Response vehicles() {
    return answer(() -> Response.ok(queries.vehicles()).build());
  }

  @GET
  @Path("{id}/metrics")
  @Produces(MediaType.APPLICATION_JSON)
  public Response metrics(@PathParam("id") String vehicleId) {
    return answer(() -> Response.ok(WindowView.of(queries.latestWindow(vehicleId))).build());
  }

  @GET
  @Path("{id}/depth.png")
  @Produces({"image/png", MediaType.APPLICATION_JSON})
  public Response depthPng(
      @PathParam("id") String vehicleId,
      @QueryParam("camera") String camera,
      @QueryParam("min") Double minDepth,
      @QueryParam("max") Double maxDepth) {
    return answer(
        () -> {
          DepthMap map = queries.latestDepthMap(vehicleId, Optional.ofNullable(camera));
          double min = minDepth != null ? minDepth : config.evaluation().minDepth();
          double max = maxDepth != null ? maxDepth : config.evaluation().maxDepth();
          byte[] png = VehicleQueries.colourPng(map, Colormap.TURBO, min, max);
          return Response.ok(png, "image/png")
              .header("X-Capture-Time", map.getCaptureTime().toEpochMilli())
              .header("X-Camera", map.getCameraId())
              .header("X-Sequence", map.getSequence())
              .build();
        });
  }

  /**
   * The LiDAR ground truth of the frame captured at {@code at} (epoch ms, e.g. a depth map's
   * X-Capture-Time), projected into the camera and coloured like depth.png; 404 once the matching
   * no longer keeps it (a few seconds after the frame was scored).
   */
  @GET
  @Path("{id}/ground-truth.png")
  @Produces({"image/png", MediaType.APPLICATION_JSON})
  public Response groundTruthPng(
      @PathParam("id") String vehicleId,
      @QueryParam("camera") String camera,
      @QueryParam("at") Long at,
      @QueryParam("min") Double minDepth,
      @QueryParam("max") Double maxDepth) {
    return answer(
        () -> {
          DepthMap latest = queries.latestDepthMap(vehicleId, Optional.ofNullable(camera));
          long when = at != null ? at : latest.getCaptureTime().toEpochMilli();
          String key = CameraKey.of(vehicleId, latest.getCameraId());
          ReadOnlyWindowStore<String, TruthDepth> truths =
              store(StoreNames.GROUND_TRUTH, QueryableStoreTypes.<String, TruthDepth>windowStore());
          return GroundTruthPictures.nearest(truths, key, when, config.join().window().toMillis())
              .map(
                  truth ->
                      Response.ok(
                              GroundTruthPictures.colourPng(
                                  truth,
                                  Colormap.TURBO,
                                  minDepth != null ? minDepth : config.evaluation().minDepth(),
                                  maxDepth != null ? maxDepth : config.evaluation().maxDepth()),
                              "image/png")
                          .header("X-Capture-Time", truth.captureTime())
                          .build())
              .orElseGet(
                  () ->
                      error(
                          Response.Status.NOT_FOUND,
                          "no LiDAR scan of "
                              + key
                              + " near "
                              + when
                              + " is kept (any more); scans are kept until the frames they"
                              + " could match are scored"));
        });
  }

  /**
   * The camera frame captured at {@code at} (epoch ms, e.g. a depth map's X-Capture-Time) or just
   * before it; without {@code at} the newest. JPEG and PNG frames are sent as published, RGB8 as
   * PNG.
   */
  @GET
  @Path("{id}/frame")
  @Produces({"image/jpeg", "image/png", MediaType.APPLICATION_JSON})
  public Response frame(
      @PathParam("id") String vehicleId,
      @QueryParam("camera") String camera,
      @QueryParam("at") Long at) {
    if (!live.enabled()) {
      return liveViewOff();
    }
    return live.frame(vehicleId, Optional.ofNullable(camera), Optional.ofNullable(at))
        .map(
            f ->
                Response.ok(FramePicture.bytes(f), FramePicture.mediaType(f))
                    .header("X-Capture-Time", f.getCaptureTime().toEpochMilli())
                    .header("X-Sequence", f.getSequence())
                    .header("X-Camera", f.getCameraId())
                    .build())
        .orElseGet(
            () ->
                error(
                    Response.Status.NOT_FOUND,
                    "no camera frame of vehicle '"
                        + vehicleId
                        + "' seen since the service started; see GET /api/vehicles"));
  }

  /** The vehicle's recent per-frame scores and closed tumbling windows, oldest first. */
  @GET
  @Path("{id}/history")
  @Produces(MediaType.APPLICATION_JSON)
  public Response history(@PathParam("id") String vehicleId) {
    if (!live.enabled()) {
      return liveViewOff();
    }
    return Response.ok(live.history().of(vehicleId)).build();
  }

  private static Response liveViewOff() {
    return error(
        Response.Status.NOT_FOUND,
        "the live view is off: start with depthstream.live-view.enabled=true (./depthstream demo turns it on)");
  }

  private Response answer(Supplier<Response> query) {
    try {
      return query.get();
    } catch (StoresNotReadyException e) {
      return error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
    } catch (InvalidStateStoreException e) {
      // A rebalance can close a store between finding it and reading it.
      return error(Response.Status.SERVICE_UNAVAILABLE, "state store moved: " + e.getMessage());
    } catch (UnknownVehicleException e) {
      return error(Response.Status.NOT_FOUND, e.getMessage());
    }
  }

  private static Response error(Response.Status status, String reason) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("reason", reason))
        .build();
  }

  private <V> ReadOnlyKeyValueStore<String, V> store(String name) {
    return store(name, QueryableStoreTypes.<String, V>keyValueStore());
  }

  private <T> T store(String name, QueryableStoreType<T> type) {
    KafkaStreams.State state = streams.state();
    if (state != KafkaStreams.State.RUNNING) {
      throw new StoresNotReadyException(
          "Kafka Streams is " + state + "; state stores answer once it is RUNNING");
    }
    try {
      return streams.store(StoreQueryParameters.fromNameAndType(name, type));
    } catch (InvalidStateStoreException e) {
      throw new StoresNotReadyException(
          "store '" + name + "' is not queryable yet: " + e.getMessage());
    }
  }
}
