package io.depthstream.streams.rest;

import io.depthstream.streams.live.PipelineRates;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** This instance's throughput at a glance: frames in/out per second, totals, model time. */
@Path("/api/pipeline")
public class PipelineResource {

  private final PipelineRates rates;

  @Inject
  public PipelineResource(PipelineRates rates) {
    this.rates = rates;
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public PipelineRates.Snapshot pipeline() {
    return rates.snapshot();
  }
}
