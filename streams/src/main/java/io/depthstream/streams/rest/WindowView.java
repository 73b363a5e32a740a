package io.depthstream.streams.rest;

import io.depthstream.schemas.MetricsWindow;

/** The JSON form of a {@link MetricsWindow} (Avro's generated getters are not a JSON shape). */
public record WindowView(
    String scope,
    String scopeKey,
    String modelId,
    long windowStart,
    long windowEnd,
    long frames,
    double delta1,
    double delta2,
    double delta3,
    double absRel,
    double sqRel,
    double rmse,
    double rmseLog,
    double log10,
    double silog) {

  public static WindowView of(MetricsWindow w) {
    return new WindowView(
        w.getScope().name(),
        w.getScopeKey(),
        w.getModelId(),
        w.getWindowStart(),
        w.getWindowEnd(),
        w.getFrames(),
        w.getDelta1(),
        w.getDelta2(),
        w.getDelta3(),
        w.getAbsRel(),
        w.getSqRel(),
        w.getRmse(),
        w.getRmseLog(),
        w.getLog10(),
        w.getSilog());
  }
}
