package io.depthstream.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the repository's Markdown leads somewhere: the file or folder it names
 * exists, and an anchor into a Markdown page names one of that page's headings. Docs that cite a
 * file the repository does not hold leave the reader with nowhere to go; this finds them in the
 * build instead of in review.
 *
 * <p>Markdown files are those git tracks ({@code git ls-files '*.md'}); without git (a source
 * archive) the tree is walked, skipping build output and local data. Links inside code blocks and
 * code spans are not links. External links (any {@code scheme:}) are not followed.
 */
class MarkdownLinksTest {

  /** An inline link or image, {@code [text](target "title")} or {@code ![alt](<target>)}. */
  private static final Pattern LINK =
      Pattern.compile(
          "!?\\[(?:[^\\[\\]]|\\[[^\\]]*\\])*\\]"
              + "\\(\\s*(<[^>\\n]*>|[^)\\s]+)(?:\\s+(?:\"[^\"]*\"|'[^']*'|\\([^)]*\\)))?\\s*\\)");

  private static final Pattern FENCE = Pattern.compile("^ {0,3}(`{3,}|~{3,})");
  private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?!`).*?(?<!`)\\1(?!`)");
  private static final Pattern HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Set<String> SKIPPED_FOLDERS =
      Set.of(".git", ".depthstream", "node_modules", ".idea", ".vscode");

  private static final Path ROOT = repositoryRoot();

  @Test
  void everyRelativeLinkNamesAFileOrFolderThatExists() {
    List<Path> pages = markdownFiles();
    assertThat(pages).as("Markdown files under %s", ROOT).isNotEmpty();
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      for (Link link : links(page)) {
        if (link.isLocal() && !link.path().isEmpty()) {
          Path target = resolve(page, link.path());
          if (target == null || !Files.exists(target)) {
            broken.add(link.where() + ": " + link.target() + " — no such file or folder");
          }
        }
      }
    }
    assertThat(broken)
        .as("relative links that lead nowhere (fix the path, or add the file it names)")
        .isEmpty();
  }

  @Test
  void everyAnchorIntoAMarkdownPageNamesOneOfItsHeadings() {
    Map<Path, Set<String>> anchorsByPage = new HashMap<>();
    List<String> broken = new ArrayList<>();
    for (Path page : markdownFiles()) {
      for (Link link : links(page)) {
        if (!link.isLocal() || link.anchor().isEmpty()) {
          continue;
        }
        Path target = link.path().isEmpty() ? page : resolve(page, link.path());
        if (target == null || !Files.isRegularFile(target) || !isMarkdown(target)) {
          continue;
        }
        Set<String> anchors = anchorsByPage.computeIfAbsent(target, MarkdownLinksTest::anchorsOf);
        if (!anchors.contains(link.anchor())) {
          broken.add(
              link.where()
                  + ": "
                  + link.target()
                  + " — "
                  + ROOT.relativize(target)
                  + " has no heading with anchor #"
                  + link.anchor());
        }
      }
    }
    assertThat(broken).as("anchors that name no heading (GitHub's heading anchors)").isEmpty();
  }

  @Test
  void linksAreReadAsMarkdownWritesThem() {
    String page =
        String.join(
            "\n",
            "See [the design](docs/DESIGN.md#topics), ![a picture](img/a%20b.png \"title\")",
            "and [a link split over",
            "two lines](<other page.md>); `[not a link](code.md)` and [web](https://x.org).",
            "```bash",
            "echo [no](fenced.md)",
            "```",
            "[here](#a-section)");

    List<Link> links = links(Path.of("page.md"), page);

    assertThat(links)
        .extracting(Link::target)
        .containsExactly(
            "docs/DESIGN.md#topics",
            "img/a%20b.png",
            "other page.md",
            "https://x.org",
            "#a-section");
    assertThat(links.get(1).path()).isEqualTo("img/a b.png");
    assertThat(links.get(2).line()).isEqualTo(2);
    assertThat(links.get(3).isLocal()).isFalse();
    assertThat(links.get(4).path()).isEmpty();
    assertThat(links.get(4).anchor()).isEqualTo("a-section");
  }

  @Test
  void headingAnchorsFollowGitHub() {
    String page =
        String.join(
            "\n",
            "# depthstream — how it fits together",
            "## A frame's path through the service",
            "### `camera.frames` → `CameraFrame`",
            "### Depth bins (`depth_bins`): depth as per-pixel classification",
            "## Tests",
            "```bash",
            "# not a heading",
            "```",
            "## Tests");

    assertThat(anchorsOf(page))
        .containsExactly(
            "depthstream--how-it-fits-together",
            "a-frames-path-through-the-service",
            "cameraframes--cameraframe",
            "depth-bins-depth_bins-depth-as-per-pixel-classification",
            "tests",
            "tests-1");
  }

  /** One link as written: where it is, and the target between the parentheses. */
  record Link(Path page, int line, String target) {

    boolean isLocal() {
      return !SCHEME.matcher(target).find();
    }

    /** The file part, %-decoded; empty for a link into the same page. */
    String path() {
      int hash = target.indexOf('#');
      String path = hash < 0 ? target : target.substring(0, hash);
      int query = path.indexOf('?');
      return decode(query < 0 ? path : path.substring(0, query));
    }

    /** The anchor after '#', %-decoded; empty when there is none. */
    String anchor() {
      int hash = target.indexOf('#');
      return hash < 0 ? "" : decode(target.substring(hash + 1));
    }

    String where() {
      return ROOT.relativize(page) + ":" + line;
    }

    private static String decode(String text) {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
  }

  private static List<Link> links(Path page) {
    return links(page, read(page));
  }

  static List<Link> links(Path page, String markdown) {
    String text = withoutCode(markdown);
    List<Link> links = new ArrayList<>();
    Matcher m = LINK.matcher(text);
    while (m.find()) {
      String target = m.group(1);
      if (target.startsWith("<")) {
        target = target.substring(1, target.length() - 1);
      }
      links.add(new Link(page, lineOf(text, m.start()), target));
    }
    return links;
  }

  /** The text with code blocks and code spans blanked out, keeping every line where it was. */
  static String withoutCode(String markdown) {
    Matcher spans = CODE_SPAN.matcher(withoutFencedBlocks(markdown));
    StringBuilder plain = new StringBuilder();
    while (spans.find()) {
      spans.appendReplacement(plain, Matcher.quoteReplacement(blank(spans.group())));
    }
    spans.appendTail(plain);
    return plain.toString();
  }

  /** The text with every line of a fenced code block (fences included) left empty. */
  static String withoutFencedBlocks(String markdown) {
    StringBuilder out = new StringBuilder();
    String fence = null;
    for (String line : markdown.split("\n", -1)) {
      Matcher opening = FENCE.matcher(line);
      if (fence == null && opening.find()) {
        fence = opening.group(1);
      } else if (fence != null && closes(line, fence)) {
        fence = null;
      } else if (fence == null) {
        out.append(line);
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** A closing fence: at least as many of the opening's characters, and nothing else. */
  private static boolean closes(String line, String fence) {
    String stripped = line.strip();
    return stripped.startsWith(fence) && stripped.chars().allMatch(c -> c == fence.charAt(0));
  }

  private static String blank(String span) {
    return span.replaceAll("[^\\n]", " ");
  }

  private static int lineOf(String text, int offset) {
    int line = 1;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
      }
    }
    return line;
  }

  private static Set<String> anchorsOf(Path page) {
    return anchorsOf(read(page));
  }

  /** The anchors GitHub gives a page's ATX headings, in order; repeats get -1, -2, … */
  static Set<String> anchorsOf(String markdown) {
    Set<String> anchors = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    for (String line : withoutFencedBlocks(markdown).split("\n")) {
      Matcher heading = HEADING.matcher(line);
      if (heading.matches()) {
        String slug = slug(heading.group(1));
        int count = seen.merge(slug, 1, Integer::sum);
        anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
      }
    }
    return anchors;
  }

  /** GitHub's rule: link text for links, no markup or punctuation, lower case, '-' per space. */
  private static String slug(String heading) {
    String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\p{M}\\p{Pc} -]", "")
        .replace(' ', '-');
  }

  private static boolean isMarkdown(Path file) {
    return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".md");
  }

  /** {@code path} relative to the page's folder, or to the root when it starts with '/'. */
  private static Path resolve(Path page, String path) {
    Path base = path.startsWith("/") ? ROOT : page.getParent();
    Path target = base.resolve(path.startsWith("/") ? path.substring(1) : path).normalize();
    // A link out of the repository leads nowhere for a reader of the repository.
    return target.startsWith(ROOT) ? target : null;
  }

  private static String read(Path page) {
    try {
      return Files.readString(page).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + page, e);
    }
  }

  /** The tracked Markdown files that exist in the working tree, sorted. */
  private static List<Path> markdownFiles() {
    List<Path> tracked = gitTrackedMarkdown();
    if (tracked == null) {
      return walkedMarkdown();
    }
    return tracked.stream().filter(Files::isRegularFile).sorted().toList();
  }

  /** Null when git cannot answer (not installed, not a clone). */
  private static List<Path> gitTrackedMarkdown() {
    ProcessBuilder git =
        new ProcessBuilder("git", "ls-files", "-z", "--", "*.md")
            .directory(ROOT.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = git.start();
      byte[] listing;
      try (InputStream out = process.getInputStream()) {
        listing = out.readAllBytes();
      }
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroy();
        return null;
      }
      List<Path> files = new ArrayList<>();
      for (String name : new String(listing, StandardCharsets.UTF_8).split("\0")) {
        if (!name.isEmpty()) {
          files.add(ROOT.resolve(name));
        }
      }
      return files;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static List<Path> walkedMarkdown() {
    try (Stream<Path> all = Files.walk(ROOT)) {
      return all.filter(Files::isRegularFile)
          .filter(MarkdownLinksTest::isMarkdown)
          .filter(p -> !inSkippedFolder(ROOT.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + ROOT, e);
    }
  }

  private static boolean inSkippedFolder(Path relative) {
    for (int i = 0; i < relative.getNameCount() - 1; i++) {
      String folder = relative.getName(i).toString();
      if (folder.startsWith("target") || SKIPPED_FOLDERS.contains(folder)) {
        return true;
      }
    }
    return false;
  }

  /** The folder holding {@code .git}, or else the parent pom, above the working directory. */
  private static Path repositoryRoot() {
    Path start = Path.of("").toAbsolutePath();
    Path parentPom = null;
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.exists(dir.resolve(".git"))) {
        return dir;
      }
      if (parentPom == null && isParentPom(dir.resolve("pom.xml"))) {
        parentPom = dir;
      }
    }
    assertThat(parentPom).as("a .git folder or the parent pom.xml above %s", start).isNotNull();
    return parentPom;
  }

  private static boolean isParentPom(Path pom) {
    try {
      return Files.isRegularFile(pom) && Files.readString(pom).contains("<module>cli</module>");
    } catch (IOException e) {
      return false;
    }
  }
}
