package io.depthstream.streams.models;

import io.depthstream.schemas.ModelEventKind;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/models}: the champion, the challengers and how they compare; {@code POST
 * /api/models/{id}/promote}: makes a challenger the champion, for holders of the admin token only.
 * The request body, if any, is the reason recorded with the promotion.
 */
@Path("/api/models")
public class ModelsResource {

  private static final Logger LOG = LoggerFactory.getLogger(ModelsResource.class);
  private static final int MAX_REASON = 500;

  private final ModelCatalog catalog;
  private final ComparisonBoard board;
  private final AdminToken token;

  @Inject
  public ModelsResource(ModelCatalog catalog, ComparisonBoard board, AdminToken token) {
    this.catalog = catalog;
    this.board = board;
    this.token = token;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public ModelsView models() {
    return ModelsView.of(catalog, board, token.enabled());
  }

  /** Fleet-wide windowed differences of one challenger, oldest first: the page's chart. */
  @GET
  @Path("/{id}/history")
  @Produces(MediaType.APPLICATION_JSON)
  public Response history(@PathParam("id") String id) {
    if (catalog.find(id).isEmpty()) {
      return error(Response.Status.NOT_FOUND, "no model '" + id + "' is loaded");
    }
    List<ModelsView.ComparisonView> points =
        board.history(id).stream().map(ModelsView.ComparisonView::of).toList();
    return Response.ok(points).build();
  }

  @POST
  @Path("/{id}/promote")
  @Produces(MediaType.APPLICATION_JSON)
  public Response promote(
      @PathParam("id") String id,
      @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
      @Context HttpServerRequest request,
      String body) {
    String caller = request == null ? "unknown" : String.valueOf(request.remoteAddress());
    switch (token.check(authorization)) {
      case DISABLED -> {
        return error(
            Response.Status.FORBIDDEN,
            "promotion over HTTP is off: no admin token is configured. Set DEPTHSTREAM_ADMIN_TOKEN"
                + " (depthstream.admin.token) and restart, then send 'Authorization: Bearer"
                + " <token>'");
      }
      case MISSING -> {
        LOG.warn("refused promotion of {} from {}: no bearer token", id, caller);
        return Response.status(Response.Status.UNAUTHORIZED)
            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"depthstream-admin\"")
            .type(MediaType.APPLICATION_JSON)
            .entity(Map.of("reason", "send 'Authorization: Bearer <DEPTHSTREAM_ADMIN_TOKEN>'"))
            .build();
      }
      case WRONG -> {
        LOG.warn("refused promotion of {} from {}: wrong admin token", id, caller);
        return error(Response.Status.FORBIDDEN, "the bearer token is not the admin token");
      }
      case ALLOWED -> {
        // go on
      }
    }
    String reason = body == null || body.isBlank() ? "no reason given" : body.strip();
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON);
    }
    try {
      ModelChange change =
          catalog.promote(id, ModelEventKind.PROMOTED, "admin from " + caller, reason);
      return Response.ok(ModelsView.ChangeView.of(change)).build();
    } catch (UnknownModelException e) {
      return error(Response.Status.NOT_FOUND, e.getMessage());
    } catch (IllegalStateException e) {
      return error(Response.Status.CONFLICT, e.getMessage());
    }
  }

  private static Response error(Response.Status status, String reason) {
    return Response.status(status)
        .type(MediaType.APPLICATION_JSON)
        .entity(Map.of("reason", reason))
        .build();
  }
}
