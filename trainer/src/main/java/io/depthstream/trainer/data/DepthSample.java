package io.depthstream.trainer.data;

import io.depthstream.core.depth.DepthImage;
import io.depthstream.core.image.RgbImage;
import java.util.Objects;

/**
 * One training or test example: a colour image, its metric ground-truth depth (dense or sparse,
 * invalid where unknown) and where it came from, e.g. {@code nyu_data.zip:data/nyu2_train.csv line
 * 12}, so that an error or an odd prediction can be traced back to the file.
 */
public record DepthSample(RgbImage rgb, DepthImage depth, String source) {

  public DepthSample {
    Objects.requireNonNull(rgb, "rgb");
    Objects.requireNonNull(depth, "depth");
    Objects.requireNonNull(source, "source");
  }
}
