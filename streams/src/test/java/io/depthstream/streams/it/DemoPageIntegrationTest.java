package io.depthstream.streams.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo end to end, as a visitor sees it: the application's own KRaft broker, the real starter
 * model and the simulated fleet, and the live page in headless Chromium. The camera, predicted
 * depth and LiDAR pictures of each vehicle must be real decoded images that change as new frames
 * arrive, and the δ1 / abs_rel / rmse charts must gain points and closed windows.
 */
@QuarkusTest
@TestProfile(DemoTestProfile.class)
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DemoPageIntegrationTest {

  private static final Duration FIRST_PICTURES = Duration.ofSeconds(90);
  private static final Duration UPDATES = Duration.ofSeconds(60);

  /**
   * The score charts of the vehicle cards. Not every {@code svg.chart}: the model panel's chart has
   * no points until a challenger runs, and would hold the minimum at zero.
   */
  private static final String VEHICLE_CHARTS = "section.vehicle svg.chart";

  @TestHTTPResource("/")
  URL page;

  @BeforeEach
  void browserPresent() {
    HeadlessChromium.require();
  }

  @Test
  void picturesAndChartsOfEveryVehicleUpdateLive() {
    ChromeDriver browser = HeadlessChromium.start();
    try {
      browser.get(page.toString());
      new WebDriverWait(browser, FIRST_PICTURES)
          .withMessage(
              () -> "two vehicle cards with a camera frame and a depth picture" + service())
          .until(b -> cardsWithPictures(b) == 2);

      List<String> firstSequences = attributes(browser, "section.vehicle", "data-sequence");
      List<String> firstDepthSources = attributes(browser, "img.depth", "src");
      List<String> firstCameraSources = attributes(browser, "img.camera", "src");
      List<String> firstTruthSources = attributes(browser, "img.truth", "src");
      int firstPoints = minChartPoints(browser);

      new WebDriverWait(browser, UPDATES)
          .withMessage(
              () ->
                  "newer frames on both cards, and charts with more points and a window; charts"
                      + " have "
                      + attributes(browser, VEHICLE_CHARTS, "data-points")
                      + " points and "
                      + attributes(browser, VEHICLE_CHARTS, "data-windows")
                      + " windows"
                      + service())
          .until(
              b ->
                  changedEverywhere(
                          firstSequences, attributes(b, "section.vehicle", "data-sequence"))
                      && changedEverywhere(firstDepthSources, attributes(b, "img.depth", "src"))
                      && changedEverywhere(firstCameraSources, attributes(b, "img.camera", "src"))
                      && changedEverywhere(firstTruthSources, attributes(b, "img.truth", "src"))
                      && minChartPoints(b) > firstPoints
                      && minChartAttribute(b, "data-windows") >= 1
                      && cardsWithPictures(b) == 2);

      assertThat(texts(browser, "section.vehicle .scene"))
          .containsExactly("street car", "indoor robot");
      for (List<Object> image : decodedSizes(browser)) {
        assertThat(image.subList(1, 3))
            .as("decoded size of %s", image.get(0))
            .containsExactly((long) DemoTestProfile.WIDTH, (long) DemoTestProfile.HEIGHT);
      }
      for (String score : texts(browser, "section.vehicle .score b")) {
        assertThat(Double.parseDouble(score)).isFinite().isNotNegative();
      }
      assertThat(texts(browser, "#status")).containsExactly("live");
    } finally {
      browser.quit();
    }
  }

  /** The service's counters, so a failure says where frames went. */
  private String service() {
    try {
      String metrics =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(page.toURI().resolve("/q/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      return "; first dead letter: "
          + firstDeadLetter()
          + "; service: "
          + metrics
              .lines()
              .filter(l -> l.startsWith("depthstream_") && !l.contains("_bucket"))
              .filter(l -> l.contains("dlq") || l.contains("frames") || l.contains("scans"))
              .toList();
    } catch (Exception e) {
      return "; /q/metrics unreadable: " + e;
    }
  }

  /** The reason and error of the first DLQ record, if any. */
  private static String firstDeadLetter() {
    String bootstrap =
        ConfigProvider.getConfig()
            .getValue("quarkus.kafka-streams.bootstrap-servers", String.class);
    try (KafkaConsumer<String, byte[]> dlq = KafkaClients.consumer(bootstrap, "read_committed")) {
      dlq.subscribe(List.of("depth.dlq"));
      for (ConsumerRecord<String, byte[]> r : dlq.poll(Duration.ofSeconds(5))) {
        return header(r, "dlq.reason") + " / " + header(r, "dlq.error");
      }
      return "none";
    }
  }

  private static String header(ConsumerRecord<?, ?> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? "-" : new String(h.value(), StandardCharsets.UTF_8);
  }

  /** Vehicle cards whose camera and depth images are both loaded and decoded. */
  private static long cardsWithPictures(WebDriver browser) {
    Object count =
        script(
            browser,
            "return [...document.querySelectorAll('section.vehicle')].filter(card =>"
                + " [...card.querySelectorAll('img')].length === 3 &&"
                + " [...card.querySelectorAll('img')].every(i => i.complete && i.naturalWidth"
                + " > 0)).length;");
    return ((Number) count).longValue();
  }

  /** Class, natural width and natural height of every picture, read in one script. */
  @SuppressWarnings("unchecked")
  private static List<List<Object>> decodedSizes(WebDriver browser) {
    return (List<List<Object>>)
        script(
            browser,
            "return [...document.querySelectorAll('img.camera, img.depth, img.truth')]"
                + ".map(i => [i.className, i.naturalWidth, i.naturalHeight]);");
  }

  private static int minChartPoints(WebDriver browser) {
    return minChartAttribute(browser, "data-points");
  }

  /** The smallest value of {@code attribute} over every chart of every vehicle. */
  private static int minChartAttribute(WebDriver browser, String attribute) {
    return attributes(browser, VEHICLE_CHARTS, attribute).stream()
        .mapToInt(v -> v == null ? 0 : Integer.parseInt(v))
        .min()
        .orElse(0);
  }

  private static boolean changedEverywhere(List<String> before, List<String> now) {
    if (now.size() != before.size()) {
      return false;
    }
    for (int i = 0; i < now.size(); i++) {
      if (now.get(i) == null || now.get(i).equals(before.get(i))) {
        return false;
      }
    }
    return true;
  }

  /*
   * The page rebuilds its score lines and swaps pictures on every refresh, so element handles held
   * across two WebDriver calls go stale (CI saw StaleElementReferenceException). Each read below is
   * one script: the page's own JavaScript cannot run in the middle of it.
   */

  @SuppressWarnings("unchecked")
  private static List<String> attributes(WebDriver browser, String css, String attribute) {
    return (List<String>)
        script(
            browser,
            "return [...document.querySelectorAll(arguments[0])].map(e =>"
                + " e.getAttribute(arguments[1]));",
            css,
            attribute);
  }

  @SuppressWarnings("unchecked")
  private static List<String> texts(WebDriver browser, String css) {
    return (List<String>)
        script(
            browser,
            "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim());",
            css);
  }

  private static Object script(WebDriver browser, String script, Object... arguments) {
    return ((JavascriptExecutor) browser).executeScript(script, arguments);
  }
}
