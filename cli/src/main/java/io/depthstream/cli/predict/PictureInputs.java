package io.depthstream.cli.predict;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pictures {@code predict} was given: files as named, directories as their {@code .png}, {@code
 * .jpg} and {@code .jpeg} files (not descending further), in name order. Outputs are named after
 * each picture's file name without extension, so two pictures with one such stem are refused before
 * any work starts.
 */
final class PictureInputs {

  private PictureInputs() {}

  /**
   * @throws IllegalArgumentException naming the path when it does not exist, a directory holds no
   *     pictures, or two pictures would write the same output files
   */
  static List<Path> collect(List<Path> arguments) {
    List<Path> pictures = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        List<Path> found = listPictures(argument);
        if (found.isEmpty()) {
          throw new IllegalArgumentException(
              argument + " is a directory without .png, .jpg or .jpeg files; nothing to predict");
        }
        pictures.addAll(found);
      } else if (Files.exists(argument)) {
        pictures.add(argument);
      } else {
        throw new IllegalArgumentException(
            argument + " does not exist; pass picture files or directories");
      }
    }
    Map<String, Path> byStem = new HashMap<>();
    for (Path picture : pictures) {
      Path earlier = byStem.putIfAbsent(stem(picture), picture);
      if (earlier != null) {
        throw new IllegalArgumentException(
            earlier
                + " and "
                + picture
                + " would both write "
                + stem(picture)
                + "_*.png; rename one or run them with different --out folders");
      }
    }
    return pictures;
  }

  /** The file name without its last extension: what output files are named after. */
  static String stem(Path picture) {
    String name = picture.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static List<Path> listPictures(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).filter(RgbFiles::hasPictureName).sorted().toList();
    } catch (IOException e) {
      throw new IllegalArgumentException(directory + " cannot be listed: " + e, e);
    }
  }
}
