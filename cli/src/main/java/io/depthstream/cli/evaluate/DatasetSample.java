package io.depthstream.cli.evaluate;

import java.nio.file.Path;

/**
 * One picture of a dataset and its ground-truth depth PNG.
 *
 * @param name unique within the dataset; names the files {@code --write-predictions} writes
 * @param rgb the camera picture, PNG or JPEG
 * @param depth the 16-bit ground-truth depth PNG, in the dataset's scale
 */
record DatasetSample(String name, Path rgb, Path depth) {}
